package dev.foodorder.systemtest;

import dev.foodorder.events.Topics;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.foodorder.systemtest.ClusteredSystem.INVENTORY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenario 22: the network between the inventory and every broker goes silent for 30 s under light
 * load, without a reset, and the connections open then stay dead for good after the heal
 * ({@link SilentProxy}). The brokers advertise the inventory's proxies as their addresses on a
 * listener of its own, so every connection its consumer, its relay's producer and its admin client
 * make, to any broker, goes through them. Its consumer misses its heartbeats and the group drops it;
 * the relay cannot publish. Neither may need a restart: the clients must give up on the dead
 * connections by their own timeouts, connect again, and carry on from the committed offsets and the
 * outbox.
 */
@ClusteredSystemTest
@Order(22)
@DisplayName("22. The inventory is cut off from every Kafka broker for 30 s without a reset, then the network heals")
class BrokerPartitionIT {

    private static final Duration PARTITION = Duration.ofSeconds(30);
    private static final String GROUP = "inventory-service";

    @Test
    void theInventoryRecoversByItselfAndTheBooksBalance(ClusteredSystem system) throws InterruptedException {
        var scenario = Scenario.begin(system, 22, "Inventory cut off from every Kafka broker for 30 s without a reset, then healed")
                .stockUp(1000, 10);
        var links = system.inventoryToBrokers();
        var inventory = system.http(INVENTORY);
        var relayFailuresBefore = inventory.counter("outbox.relay.failures");
        try (var watch = new GroupWatch(system.kafka().adminProperties(), GROUP, Topics.ORDERS)) {
            watch.awaitOwner(Duration.ofMinutes(1));
            var load = scenario.load(Load.Plan.of(80).customers(4).cancelling(0.1).paced(2));

            load.awaitAnswered(16);
            links.forEach(SilentProxy::partition);
            var cutAt = System.nanoTime();
            // The fault itself, held for a fixed time while the load goes on: not a wait for a condition.
            Thread.sleep(PARTITION);
            links.forEach(SilentProxy::heal);
            var healedAt = System.nanoTime();
            var recovered = Recovery.secondsUntilAnOrderIsConfirmed(scenario, scenario.customer(99), Duration.ofMinutes(2));
            scenario.note("network cut %.1f s; the group lost the inventory's consumer %.1f s after the cut and it held partitions "
                            + "again %.1f s after the heal; an order placed after the heal was confirmed %.1f s after it; the relay failed "
                            + "%.0f times and retried",
                    (healedAt - cutAt) / 1e9, watch.secondsUntilLost(cutAt), watch.secondsUntilRegained(healedAt), recovered,
                    inventory.counter("outbox.relay.failures") - relayFailuresBefore);
            scenario.noteAtTheEnd(() -> links.stream().mapToInt(SilentProxy::abandoned).sum()
                    + " connections to the brokers abandoned by the partition");
            load.awaitFinished();

            scenario.assertBooksBalance(Duration.ofMinutes(2));
            assertThat(recovered).as("seconds until an order placed after the heal was confirmed (NaN: none within 2 min)").isNotNaN();
        }
        Recovery.awaitOutboxEmpty(inventory, Duration.ofMinutes(1));
    }
}
