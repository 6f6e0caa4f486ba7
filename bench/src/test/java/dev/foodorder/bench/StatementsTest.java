package dev.foodorder.bench;

import dev.foodorder.infrastructure.EmbeddedPostgresServer;
import dev.foodorder.infrastructure.Ports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StatementsTest {

    private static final Statements.Totals INSERT_BEFORE = new Statements.Totals("orders", "INSERT INTO orders ...", 10, 40, 4.0, 1.0, 100, 40);
    private static final Statements.Totals INSERT_AFTER = new Statements.Totals("orders", "INSERT INTO orders ...", 110, 440, 54.0, 1.0, 1100, 440);
    private static final Statements.Totals UPDATE_AFTER = new Statements.Totals("orders", "UPDATE orders SET ...", 20, 20, 80.0, 0.5, 60, 80);

    @Test
    void aStepCountsWhatEachStatementSpentWithinItsCountedPartTheCostliestFirst() {
        var from = new Statements.Reading(15, Map.of("insert", INSERT_BEFORE));
        var to = new Statements.Reading(35, Map.of("insert", INSERT_AFTER, "update", UPDATE_AFTER));

        var step = Statements.within("open 500/s", 20, 100, from, to);

        assertThat(step.statements()).extracting(Statements.Totals::query).containsExactly("UPDATE orders SET ...", "INSERT INTO orders ...");
        assertThat(step.statements().getLast().calls()).isEqualTo(100);
        assertThat(step.statements().getLast().ms()).isEqualTo(50.0);
        assertThat(step.statements().getLast().pages()).isEqualTo(1000);
        assertThat(step.statements().getLast().walRecords()).isEqualTo(400);
        assertThat(step.totalMs()).isEqualTo(130.5);
        assertThat(step.msPerSettledOrder()).isEqualTo(1.305);
    }

    @Test
    void aStatementWhoseTotalsWentBackIsLeftOut() {
        var from = new Statements.Reading(15, Map.of("insert", INSERT_AFTER));
        var to = new Statements.Reading(35, Map.of("insert", INSERT_BEFORE));

        assertThat(Statements.within("open 500/s", 20, 100, from, to).statements()).isEmpty();
    }

    @Test
    void aStepTakesTheLastReadingsBeforeItsCountedPartAndBeforeItsEnd() {
        var window = new Step.Window(Step.open(500, Duration.ofSeconds(5), Duration.ofSeconds(20)), 10, 15, 35);
        var result = new Analysis.StepResult(window, 0, 0, 0, 0, Map.of(), 500, 500, 500, null, null, Map.of(), Map.of(), 0, 0);
        var readings = List.of(
                new Statements.Reading(14.5, Map.of("insert", INSERT_BEFORE)),
                new Statements.Reading(34.9, Map.of("insert", INSERT_AFTER)),
                new Statements.Reading(35.5, Map.of("insert", INSERT_AFTER, "update", UPDATE_AFTER)));

        var steps = Statements.perStep(readings, List.of(result));

        assertThat(steps).singleElement().satisfies(step -> {
            assertThat(step.settledOrders()).isEqualTo(10_000);
            assertThat(step.statements()).extracting(Statements.Totals::calls).containsExactly(100L);
        });
    }

    @Test
    void readsEachStatementsTimeFromARealServerStartedWithTheSettings(@TempDir Path directory) throws Exception {
        try (var server = EmbeddedPostgresServer.startPersistent(directory.resolve("postgres"), Ports.free(), Statements.SERVER_SETTINGS);
             var statements = new Statements(server, new RunClock())) {
            statements.readNow();
            try (var connection = DriverManager.getConnection(server.jdbcUrl("postgres"), server.username(), server.password());
                 var statement = connection.createStatement()) {
                for (int i = 0; i < 3; i++) {
                    statement.executeQuery("SELECT count(*) AS benchmark_statements_test FROM pg_class").close();
                }
            }
            statements.readNow();

            var readings = statements.readings();
            var step = Statements.within("step", 1, 0, readings.getFirst(), readings.getLast());
            assertThat(step.statements()).filteredOn(s -> s.query().contains("benchmark_statements_test"))
                    .singleElement().satisfies(s -> {
                        assertThat(s.database()).isEqualTo("postgres");
                        assertThat(s.calls()).isEqualTo(3);
                        assertThat(s.pages()).isPositive();
                    });

            var notes = Statements.write(directory, List.of(step));
            assertThat(Files.readString(directory.resolve("statements.md"))).contains("benchmark_statements_test");
            assertThat(notes).singleElement().asString().contains("statements.md");
        }
    }
}
