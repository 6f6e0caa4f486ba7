package dev.foodorder.systemtest;

import dev.foodorder.events.Topics;
import dev.foodorder.infrastructure.local.ServiceProcess;
import dev.foodorder.infrastructure.local.SystemStack;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;

import static dev.foodorder.systemtest.RunningSystem.INVENTORY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenario 3: the inventory service dies (SIGKILL) while it is reserving stock, with events it has
 * handled whose offsets it has not committed yet. Orders keep coming; once it is back it takes up
 * where its consumer group's committed offsets say, reads those events again, and drops them as
 * handled before: nothing is reserved twice.
 *
 * <p>Whether a crash lands between a commit of the database and one of the offsets is luck when it is
 * timed from outside. So the service is frozen (SIGSTOP) just after it handled an event, and what it
 * has done is read while it stands still: the events past the group's committed offsets that its
 * database records as processed. If there are none, it runs on and is caught again; once there are,
 * it is killed where it stands, and exactly those events must come to it again.
 */
@SystemTest
@Order(3)
@DisplayName("3. The inventory service is killed (SIGKILL) mid-load, then started again")
class InventoryCrashIT {

    private static final String GROUP = "inventory-service";
    private static final int MOST_FREEZES = 50;

    @Test
    void eventsHandledButNotCommittedComeAgainAndChangeNothing(RunningSystem system) throws SQLException {
        var scenario = Scenario.begin(system, 3, "Inventory service killed (SIGKILL) mid-load, then restarted")
                .stockUp(1000, 10);
        var load = scenario.load(Load.Plan.of(200).customers(6).cancelling(0.1).paced(20));
        load.awaitAnswered(60);

        var inventory = system.process(INVENTORY);
        var caught = freezeWithEventsNotCommitted(system, inventory);
        var killedAt = System.nanoTime();
        inventory.kill();
        var placedBefore = load.answered();
        load.awaitAnswered(placedBefore + 60);
        var ready = system.restart(INVENTORY);
        scenario.note("frozen %d time(s) just after it handled an event, killed with %d handled and not committed; down %.1f s "
                        + "(ready %.1f s after its restart), %d orders placed meanwhile", caught.freezes(), caught.events().size(),
                (System.nanoTime() - killedAt) / 1e9, ready, load.answered() - placedBefore);
        load.awaitFinished();

        scenario.assertBooksBalance(Duration.ofMinutes(2));
        await().atMost(Duration.ofSeconds(30)).until(() -> scenario.logs().redeliveries(INVENTORY) >= caught.events().size());
        assertThat(scenario.logs().redeliveries(INVENTORY))
                .as("order events the restarted inventory dropped as handled before: those it had handled and not committed")
                .isEqualTo(caught.events().size());
    }

    /** Freezes the inventory just after it handled an event, until it is caught with events it has not committed. */
    private static Caught freezeWithEventsNotCommitted(RunningSystem system, ServiceProcess inventory) throws SQLException {
        try (var uncommitted = new HandledNotCommitted(system, GROUP, Topics.ORDERS, SystemStack.INVENTORY)) {
            for (var freezes = 1; freezes <= MOST_FREEZES; freezes++) {
                var processed = uncommitted.processedSoFar();
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5))
                        .until(() -> uncommitted.processedSoFar() > processed);
                inventory.pause();
                // A COMMIT it sent just before it froze is still to be taken into account.
                await().atMost(Duration.ofSeconds(5)).until(() -> !uncommitted.databaseBusy());
                var events = uncommitted.events();
                if (!events.isEmpty()) {
                    return new Caught(freezes, events);
                }
                inventory.resume();
            }
        }
        throw new AssertionError("In %d freezes the inventory had never handled an event it had not committed yet"
                .formatted(MOST_FREEZES));
    }

    /** The events the frozen inventory had handled and not committed, at which of its freezes. */
    private record Caught(int freezes, Set<UUID> events) {
    }
}
