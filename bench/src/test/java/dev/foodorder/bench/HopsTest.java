package dev.foodorder.bench;

import dev.foodorder.events.EventType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class HopsTest {

    private static final Instant T = Instant.parse("2026-12-07T11:00:00.000500Z");

    @Test
    void timesEachHopOfAnOrdersWayFromTheTimestampsItsEventsCarry(@TempDir Path output) throws Exception {
        var hops = new Hops();
        var order = UUID.randomUUID();
        placedAndSettled(hops, order, Hops.VERDICTS.getFirst());

        var steps = hops.perStep(Map.of("open 500/s", List.of(order)));

        assertThat(steps).singleElement().satisfies(step -> {
            assertThat(step.orders()).isEqualTo(1);
            // HdrHistogram keeps three significant digits.
            assertThat(step.hops()).extracting(Latencies::p50).zipSatisfy(List.of(2.5, 7.5, 3.5, 6.5, 20.0),
                    (actual, expected) -> assertThat(actual).isCloseTo(expected, within(0.02)));
        });
        var notes = Hops.write(output, steps);
        assertThat(notes).singleElement().asString().contains("open 500/s").contains("placed → sent 2.5 ms").contains("→ verdict 6.5;").contains("whole way 20.0");
        assertThat(Files.readString(output.resolve("hops.md"))).contains("## open 500/s").contains("| answer sent → verdict | 6.5 |");
    }

    @Test
    void countsOnlyTheStepsOrdersWhoseWholeWayWasSeen() {
        var hops = new Hops();
        var rejected = UUID.randomUUID();
        var stillPending = UUID.randomUUID();
        var anotherStepsOrder = UUID.randomUUID();
        placedAndSettled(hops, rejected, EventType.ORDER_REJECTED.type());
        placedAndSettled(hops, anotherStepsOrder, Hops.VERDICTS.getFirst());
        hops.accept(stillPending.toString(), Hops.PLACED, T.toString(), T.toEpochMilli() + 3);
        hops.accept(stillPending.toString(), EventType.ORDER_CANCELLED.type(), T.plusMillis(30).toString(), T.toEpochMilli() + 31);
        hops.accept("not an order id", Hops.PLACED, T.toString(), T.toEpochMilli());

        var steps = hops.perStep(Map.of("open 250/s", List.of(rejected, stillPending), "idle", List.of()));

        assertThat(steps).singleElement().satisfies(step -> {
            assertThat(step.name()).isEqualTo("open 250/s");
            assertThat(step.orders()).isEqualTo(1);
        });
    }

    /** Placed at T, half a millisecond past a whole one, sent 2.5 ms later; answered 7.5 ms after that, sent 3.5 ms later; decided 6.5 ms after. */
    private static void placedAndSettled(Hops hops, UUID order, String verdict) {
        var key = order.toString();
        hops.accept(key, Hops.PLACED, T.toString(), T.toEpochMilli() + 3);
        hops.accept(key, Hops.ANSWERS.getFirst(), T.plusMillis(10).toString(), T.toEpochMilli() + 14);
        hops.accept(key, verdict, T.plusMillis(20).toString(), T.toEpochMilli() + 14 + 6);
    }
}
