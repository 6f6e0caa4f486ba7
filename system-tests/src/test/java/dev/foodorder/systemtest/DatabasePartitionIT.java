package dev.foodorder.systemtest;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.foodorder.systemtest.ClusteredSystem.INVENTORY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenario 21: the network between the inventory and PostgreSQL goes silent for 30 s under light
 * load, without a reset: no connection is closed, bytes sent are never delivered, and when the network
 * heals the connections that were open stay dead for good, as behind a NAT or firewall that lost its
 * state ({@link SilentProxy}). Only new connections work again. The inventory must find that out by
 * itself, without a restart: its pool must drop the dead connections, and no thread may wait for ever
 * on one. Orders placed meanwhile may end CANCELLED by the order service's deadline; an order placed
 * after the heal must be confirmed, and the inventory must publish everything it has to.
 */
@ClusteredSystemTest
@Order(21)
@DisplayName("21. The inventory is cut off from PostgreSQL for 30 s without a reset, then the network heals")
class DatabasePartitionIT {

    private static final Duration PARTITION = Duration.ofSeconds(30);

    @Test
    void theInventoryRecoversByItselfAndTheBooksBalance(ClusteredSystem system) throws InterruptedException {
        var scenario = Scenario.begin(system, 21, "Inventory cut off from PostgreSQL for 30 s without a reset, then healed")
                .stockUp(1000, 10);
        var link = system.inventoryToDatabase();
        var load = scenario.load(Load.Plan.of(80).customers(4).cancelling(0.1).paced(2));

        load.awaitAnswered(16);
        link.partition();
        var cutAt = System.nanoTime();
        // The fault itself, held for a fixed time while the load goes on: not a wait for a condition.
        Thread.sleep(PARTITION);
        link.heal();
        var healedAt = System.nanoTime();
        scenario.noteAtTheEnd(() -> "%s; at the end, threads of the inventory blocked reading from PostgreSQL: %s"
                .formatted(link.connections(), StuckThreads.readingFrom(system.threadDump(INVENTORY), StuckThreads.POSTGRESQL)));
        var recovered = Recovery.secondsUntilAnOrderIsConfirmed(scenario, scenario.customer(99), Duration.ofMinutes(2));
        scenario.note("network cut %.1f s; an order placed after the heal was confirmed %.1f s after it",
                (healedAt - cutAt) / 1e9, recovered);
        load.awaitFinished();

        scenario.assertBooksBalance(Duration.ofMinutes(2));
        assertThat(recovered).as("seconds until an order placed after the heal was confirmed (NaN: none within 2 min)").isNotNaN();
        Recovery.awaitOutboxEmpty(system.http(INVENTORY), Duration.ofMinutes(1));
    }
}
