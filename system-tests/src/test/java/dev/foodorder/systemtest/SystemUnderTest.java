package dev.foodorder.systemtest;

import org.awaitility.core.ConditionTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;

import static org.awaitility.Awaitility.await;

/**
 * What a scenario and its books need of the system they run against: the services' public APIs, and
 * their logs, marked where each scenario begins. The one {@link RunningSystem} most scenarios share,
 * or a system of their own when they need another shape of it ({@link ClusteredSystem}).
 */
abstract class SystemUnderTest {

    private static final Logger log = LoggerFactory.getLogger(SystemUnderTest.class);

    abstract OrderApi orders();

    abstract InventoryApi inventory();

    abstract NotificationApi notifications();

    /** Writes a line into every service's log, so that a log can be read scenario by scenario. */
    abstract void mark(String text);

    /** What the services wrote to their logs since the mark. */
    abstract ServiceLogs logsSince(String mark);

    /** Where the services' logs are. */
    abstract Path logs();

    /** Brings back whatever the previous scenario stopped, froze or changed, so that the next one starts whole. */
    abstract void makeWhole();

    /** The last step of {@link #makeWhole()}: waits a minute at most for the orders of earlier scenarios to settle. */
    void awaitNoOrderPending() {
        var orders = orders();
        try {
            await("no order of an earlier scenario still pending").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500))
                    .until(() -> orders.countPending() == 0);
        } catch (ConditionTimeoutException e) {
            // The earlier scenario has failed for it already. This one goes on, though such an order may still move stock.
            log.warn("{} orders of earlier scenarios are still PENDING", orders.countPending());
        }
    }
}
