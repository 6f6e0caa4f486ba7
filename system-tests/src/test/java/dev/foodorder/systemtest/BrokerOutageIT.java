package dev.foodorder.systemtest;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.foodorder.systemtest.RunningSystem.ORDER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenario 4: the broker goes away while customers keep ordering and cancelling. The order service
 * needs only its database to take an order: each is committed with its event in the outbox, and
 * the relay publishes the backlog once the broker is back.
 */
@SystemTest
@Order(4)
@DisplayName("4. The Kafka broker is stopped while orders keep arriving, then started again")
class BrokerOutageIT {

    @Test
    void everyOrderIsAcceptedWhileTheBrokerIsDownAndReachesItsFinalStatusOnceItIsBack(RunningSystem system) {
        var scenario = Scenario.begin(system, 4, "Kafka broker stopped while orders keep arriving, then started")
                .stockUp(1000, 10);
        var relayFailuresBefore = system.http(ORDER).counter("outbox.relay.failures");
        var load = scenario.load(Load.Plan.of(200).customers(6).cancelling(0.1).paced(8));

        load.awaitAnswered(24);
        var stoppedAt = System.nanoTime();
        system.broker().stop();
        var placedBefore = load.answered();
        load.awaitAnswered(placedBefore + 140);
        var placedMeanwhile = load.answered() - placedBefore;
        system.broker().start();
        var downFor = (System.nanoTime() - stoppedAt) / 1e9;
        load.awaitFinished();
        var relayFailures = system.http(ORDER).counter("outbox.relay.failures") - relayFailuresBefore;
        scenario.note("broker down %.1f s, %d orders placed meanwhile (every one answered 202); the order service's outbox relay failed %.0f times and retried",
                downFor, placedMeanwhile, relayFailures);

        // Every POST counts: one refused or failed is a failed request of the scenario.
        scenario.assertBooksBalance(Duration.ofMinutes(3));
        assertThat(relayFailures).as("batches the broker did not take while it was down (the outage outlasted the delivery timeout)")
                .isPositive();
    }
}
