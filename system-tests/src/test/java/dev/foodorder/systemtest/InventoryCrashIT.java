package dev.foodorder.systemtest;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.foodorder.systemtest.RunningSystem.INVENTORY;

/**
 * Scenario 3: the inventory service dies (SIGKILL) while it is reserving stock, in the middle of
 * transactions and with offsets not yet committed. Orders keep coming; once it is back it takes up
 * where its consumer group's committed offsets say, and records it sees again change nothing.
 */
@SystemTest
@Order(3)
@DisplayName("3. The inventory service is killed (SIGKILL) mid-load, then started again")
class InventoryCrashIT {

    @Test
    void nothingIsReservedTwiceAndTheBooksBalance(RunningSystem system) {
        var scenario = Scenario.begin(system, 3, "Inventory service killed (SIGKILL) mid-load, then restarted")
                .stockUp(1000, 10);
        var load = scenario.load(Load.Plan.of(200).customers(6).cancelling(0.1).paced(20));

        load.awaitAnswered(60);
        var killedAt = System.nanoTime();
        system.process(INVENTORY).kill();
        var placedBefore = load.answered();
        load.awaitAnswered(placedBefore + 60);
        var ready = system.restart(INVENTORY);
        scenario.note("inventory down %.1f s (ready %.1f s after its restart), %d orders placed meanwhile",
                (System.nanoTime() - killedAt) / 1e9, ready, load.answered() - placedBefore);
        load.awaitFinished();
        scenario.noteAtTheEnd(() -> "after its restart %d order events it had handled already came again, and changed nothing"
                .formatted(scenario.logs().redeliveries(INVENTORY)));

        scenario.assertBooksBalance(Duration.ofMinutes(2));
    }
}
