package dev.foodorder.systemtest;

import dev.foodorder.events.Topics;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static dev.foodorder.systemtest.RunningSystem.INVENTORY;
import static dev.foodorder.systemtest.RunningSystem.SECOND_INVENTORY;
import static org.awaitility.Awaitility.await;

/**
 * Scenario 6: two inventory instances share the six partitions of {@code orders} in one consumer
 * group. One of them dies (SIGKILL) under load; once the broker gives up on it (the session
 * timeout), the survivor takes over its partitions and reads on from their committed offsets.
 */
@SystemTest
@Order(6)
@DisplayName("6. Two inventory instances share the partitions; one is killed, the other takes over")
class InventoryFailoverIT {

    private static final String GROUP = "inventory-service";
    private static final Set<Integer> EVERY_PARTITION = Set.of(0, 1, 2, 3, 4, 5);

    @Test
    void theSurvivorTakesOverTheKilledInstancesPartitionsAndTheBooksBalance(RunningSystem system) {
        var scenario = Scenario.begin(system, 6, "Two inventory instances; one killed (SIGKILL) under load")
                .stockUp(1000, 10);
        var second = system.startSecondInventory();
        try (var groups = new ConsumerGroups(system.kafkaClient())) {
            await("both instances holding partitions of " + Topics.ORDERS).atMost(Duration.ofMinutes(1))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> groups.owners(GROUP, Topics.ORDERS).keySet().equals(Set.of(INVENTORY, SECOND_INVENTORY)));
            var shared = groups.owners(GROUP, Topics.ORDERS);
            var load = scenario.load(Load.Plan.of(200).customers(6).cancelling(0.1).paced(20));

            load.awaitAnswered(60);
            await("the second instance reserving stock").atMost(Duration.ofSeconds(30))
                    .until(() -> system.http(SECOND_INVENTORY).counter("inventory.reservations") > 0);
            var killedAt = System.nanoTime();
            second.kill();
            await("the survivor holding every partition").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(250))
                    .until(() -> groups.owners(GROUP, Topics.ORDERS).equals(Map.of(INVENTORY, EVERY_PARTITION)));
            scenario.note("partitions shared %s; the survivor held all six %.1f s after the kill (session timeout %d s)",
                    shared, (System.nanoTime() - killedAt) / 1e9, RunningSystem.CONSUMER_SESSION_TIMEOUT.toSeconds());
            scenario.noteAtTheEnd(() -> "%d order events handled before came again to the survivor, and changed nothing"
                    .formatted(scenario.logs().redeliveries(INVENTORY)));
            load.awaitFinished();
        }

        scenario.assertBooksBalance(Duration.ofMinutes(2));
    }
}
