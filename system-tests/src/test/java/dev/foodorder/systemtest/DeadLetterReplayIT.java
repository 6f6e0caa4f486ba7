package dev.foodorder.systemtest;

import dev.foodorder.events.EventType;
import dev.foodorder.events.Topics;
import dev.foodorder.infrastructure.local.SystemStack;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static dev.foodorder.systemtest.RunningSystem.INVENTORY;
import static dev.foodorder.systemtest.RunningSystem.ORDER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenario 17: a bug in the inventory fails every reservation of one item, so the inventory parks
 * the {@code OrderPlaced} of two orders in {@code orders.DLT} after its retries. The bug is fixed.
 * One parked order is replayed at once and settles; the other is left until its deadline, when the
 * order service cancels it (TIMEOUT), and replayed afterwards: that changes nothing. A second replay
 * is refused. The bug is a trigger in the inventory's database that raises an error: the failure
 * runs through the real listener, its retries and its parking.
 */
@SystemTest
@Order(17)
@DisplayName("17. Orders dead-lettered by a bug: one replayed after the fix settles, one past its deadline is cancelled and its replay changes nothing")
class DeadLetterReplayIT {

    private static final String BROKEN_SKU = "tiramisu";
    private static final Duration WITHIN = Duration.ofMinutes(1);

    @Test
    void aReplayBeforeTheDeadlineSettlesTheOrderAndAReplayAfterItChangesNothing(RunningSystem system) throws SQLException {
        var scenario = Scenario.begin(system, 17, "Orders dead-lettered by a bug, replayed before and after their deadline")
                .stockUp(1000, 10);
        var inventory = system.http(INVENTORY);
        var reservedBefore = system.inventory().stock(BROKEN_SKU).reserved();
        var started = System.nanoTime();
        PlacedOrder expiring;
        PlacedOrder replayed;
        try (var bug = new InventoryBug(system)) {
            expiring = scenario.place(scenario.customer(0), Map.of(BROKEN_SKU, 1));
            replayed = scenario.place(scenario.customer(1), Map.of(BROKEN_SKU, 2));
            var unaffected = scenario.place(scenario.customer(2), Map.of("espresso", 1), "Prefer", "wait=10");
            assertThat(system.orders().awaitOutcome(unaffected.id(), 30).status()).isEqualTo("CONFIRMED");
            await("both orders parked by the inventory").atMost(WITHIN)
                    .until(() -> parked(inventory, expiring.id()).isPresent() && parked(inventory, replayed.id()).isPresent());
        }
        var parkedAfter = Duration.ofNanos(System.nanoTime() - started);

        var replay = replay(inventory, parked(inventory, replayed.id()).orElseThrow());
        assertThat(replay.status()).as("replay: %s", replay).isEqualTo(200);
        assertThat(system.orders().awaitOutcome(replayed.id(), 30).status()).isEqualTo("CONFIRMED");

        await("the other order cancelled at its deadline").atMost(WITHIN)
                .until(() -> !"PENDING".equals(system.orders().get(expiring.id()).status()));
        var order = system.http(ORDER).get("/api/orders/" + expiring.id()).json();
        assertThat(order.get("status").asString()).isEqualTo("CANCELLED");
        assertThat(order.get("cancellationReason").asString()).isEqualTo("TIMEOUT");
        await("the inventory remembers the cancellation").atMost(WITHIN)
                .until(() -> system.inventory().reservation(expiring.id()).map(r -> r.status().equals("CANCELLED")).orElse(false));

        var tooLate = inventory.counter("inventory.reservations", "outcome:order_already_cancelled");
        var lateRecord = parked(inventory, expiring.id()).orElseThrow();
        assertThat(replay(inventory, lateRecord).status()).isEqualTo(200);
        await("the late replay handled").atMost(WITHIN)
                .until(() -> inventory.counter("inventory.reservations", "outcome:order_already_cancelled") > tooLate);
        assertThat(system.inventory().reservation(expiring.id()).orElseThrow().status()).isEqualTo("CANCELLED");
        assertThat(system.inventory().stock(BROKEN_SKU).reserved()).isEqualTo(reservedBefore + 2);
        var again = replay(inventory, lateRecord);
        assertThat(again.status()).as("a second replay of the same record").isEqualTo(409);
        assertThat(again.isProblem()).isTrue();

        scenario.note("two OrderPlaced parked by a failing handler within %.1f s; one replayed after the fix and CONFIRMED, "
                + "one CANCELLED (TIMEOUT) at its deadline, whose replay reserved nothing; a second replay refused (409)",
                parkedAfter.toMillis() / 1e3);
        scenario.assertBooksBalance(WITHIN);
    }

    /** The inventory's parked copy of the order's OrderPlaced, if it is listed yet. */
    private static Optional<JsonNode> parked(Http inventory, UUID orderId) {
        var listing = inventory.get("/api/dead-letters?topic=" + Topics.ORDERS + "&limit=1000");
        if (listing.status() != 200) {
            return Optional.empty();
        }
        return listing.json().get("records").valueStream()
                .filter(record -> orderId.toString().equals(record.get("key").asString())
                        && EventType.ORDER_PLACED.type().equals(record.get("type").asString()))
                .findFirst();
    }

    private static Http.Response replay(Http inventory, JsonNode record) {
        return inventory.post("/api/dead-letters/%s/%d/%d/replay".formatted(record.get("dltTopic").asString(),
                record.get("partition").asInt(), record.get("offset").asLong()), "application/json", "");
    }

    /**
     * A bug that fails every reservation of {@link #BROKEN_SKU}, as a trigger in the inventory's database; closing
     * it is the fix. A failure that is not transient: the listener retries it, then parks the record.
     */
    private static final class InventoryBug implements AutoCloseable {

        private final RunningSystem system;

        InventoryBug(RunningSystem system) throws SQLException {
            this.system = system;
            execute("""
                    CREATE OR REPLACE FUNCTION scenario_17_bug() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                        RAISE EXCEPTION 'scenario 17: a bug that cannot reserve %%', NEW.sku USING ERRCODE = 'P0001';
                    END $$;
                    CREATE TRIGGER scenario_17_bug BEFORE INSERT ON reservation_line FOR EACH ROW
                        WHEN (NEW.sku = '%s') EXECUTE FUNCTION scenario_17_bug();
                    """.formatted(BROKEN_SKU));
        }

        @Override
        public void close() throws SQLException {
            execute("DROP TRIGGER IF EXISTS scenario_17_bug ON reservation_line; DROP FUNCTION IF EXISTS scenario_17_bug();");
        }

        private void execute(String sql) throws SQLException {
            try (var connection = system.connectTo(SystemStack.INVENTORY);
                 var statement = connection.createStatement()) {
                statement.execute(sql);
            }
        }
    }
}
