package dev.foodorder.systemtest;

import dev.foodorder.events.Topics;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;

import static dev.foodorder.systemtest.ClusteredSystem.INVENTORY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenario 20: the inventory's consumer takes a batch of orders and then cannot finish it for longer
 * than {@code max.poll.interval.ms}: another client of its database holds every stock row locked
 * ({@code SELECT ... FOR UPDATE}), as a long report or a stuck migration might. The consumer's
 * heartbeats go on, but it does not poll, so it is removed from its group. When the lock goes, the
 * batch commits; its offsets cannot be committed any more, so once the consumer has joined again it
 * is given the same records a second time, and the idempotent consumer drops every one of them.
 */
@ClusteredSystemTest
@Order(20)
@DisplayName("20. The inventory's consumer is held past max.poll.interval.ms; its batch comes again and changes nothing")
class SlowedConsumerIT {

    private static final String GROUP = "inventory-service";

    @Test
    void aBatchHeldPastThePollIntervalIsDeliveredAgainAndChangesNothing(ClusteredSystem system) throws SQLException {
        var scenario = Scenario.begin(system, 20, "Inventory's consumer held past max.poll.interval.ms by locked stock rows")
                .stockUp(1000, 10);
        var database = system.inventoryDatabase();
        try (var watch = new GroupWatch(system.kafka().adminProperties(), GROUP, Topics.ORDERS);
             var locker = DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password())) {
            watch.awaitOwner(Duration.ofMinutes(1));
            locker.setAutoCommit(false);
            try (var statement = locker.createStatement()) {
                statement.execute("SELECT sku FROM stock FOR UPDATE");
            }
            var lockedAt = System.nanoTime();
            var load = scenario.load(Load.Plan.of(24).customers(4).cancelling(0.1).paced(4));

            // The consumer polled a batch and waits for the rows: it is gone from its group once the interval has passed.
            watch.awaitNoOwner(Duration.ofMinutes(1));
            locker.rollback();
            var heldFor = (System.nanoTime() - lockedAt) / 1e9;
            var releasedAt = System.nanoTime();
            watch.awaitOwnerAgain(Duration.ofMinutes(1));
            scenario.note("stock rows locked %.1f s; the consumer (max.poll.interval.ms %d s) left its group %.1f s after the lock, "
                            + "and held partitions again %.1f s after its release",
                    heldFor, ClusteredSystem.MAX_POLL_INTERVAL_SECONDS, watch.secondsUntilLost(lockedAt), watch.secondsUntilRegained(releasedAt));
            load.awaitFinished();
        }
        scenario.noteAtTheEnd(() -> "the inventory logged %d times that its poll interval had expired"
                .formatted(system.logLinesSince(INVENTORY, 20, "max.poll.interval.ms")));

        scenario.assertBooksBalance(Duration.ofMinutes(2));
        assertThat(scenario.logs().redeliveries()).as("events that came to a consumer again and were dropped as handled before")
                .isPositive();
    }
}
