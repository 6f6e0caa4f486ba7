package dev.foodorder.systemtest;

import org.awaitility.core.ConditionTimeoutException;

import java.time.Duration;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * How a scenario sees from outside that a service recovered by itself after a fault. Every order taken
 * during the fault may end CANCELLED by the order service's deadline and still balance the books, so
 * balanced books alone do not show that the inventory works again: an order placed now must be
 * confirmed, and the service's outbox must empty.
 */
final class Recovery {

    private static final Map<String, Integer> A_SMALL_ORDER = Map.of("espresso", 1);

    private Recovery() {
    }

    /**
     * Places an order, waits for its outcome, and places another while none is CONFIRMED; returns the
     * seconds until one was, or NaN if none was within the time given. The orders are the scenario's,
     * and its books count them.
     */
    static double secondsUntilAnOrderIsConfirmed(Scenario scenario, String customer, Duration atMost) {
        var started = System.nanoTime();
        try {
            await("an order placed after the fault to be CONFIRMED").atMost(atMost).pollInterval(Duration.ofSeconds(1))
                    .until(() -> {
                        var order = scenario.place(customer, A_SMALL_ORDER, "Prefer", "wait=10");
                        return "CONFIRMED".equals(scenario.orders().awaitOutcome(order.id(), 20).status());
                    });
        } catch (ConditionTimeoutException e) {
            return Double.NaN;
        }
        return (System.nanoTime() - started) / 1e9;
    }

    /** Waits until the service has published every event it stored ({@code outbox.backlog} is 0). */
    static void awaitOutboxEmpty(Http service, Duration atMost) {
        await("the outbox emptied").atMost(atMost).pollInterval(Duration.ofMillis(500))
                .until(() -> service.counter("outbox.backlog") == 0);
    }
}
