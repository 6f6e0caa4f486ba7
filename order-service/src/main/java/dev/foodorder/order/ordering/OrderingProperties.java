package dev.foodorder.order.ordering;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Settings under {@code orders.*}, each overridable by environment variable ({@code ORDERS_WAITING_MAX}, ...).
 * The listener's {@code orders.listener.concurrency} and {@code orders.deadline.check-every} are read by
 * their annotations.
 *
 * @param waiting  how a request may wait for an order's outcome
 * @param intake   how new orders are committed
 * @param deadline when a pending order is given up
 * @param placementLimit how many orders a customer may place
 */
@ConfigurationProperties("orders")
record OrderingProperties(@DefaultValue Waiting waiting, @DefaultValue Intake intake, @DefaultValue Deadline deadline,
                          @DefaultValue PlacementLimit placementLimit) {

    /**
     * @param burst        the most orders a customer may place at once
     * @param perMinute    how many more a minute after that
     * @param maxCustomers how many customers' counts are kept before those who have not ordered lately are forgotten
     */
    record PlacementLimit(@DefaultValue("10") int burst, @DefaultValue("20") int perMinute,
                          @DefaultValue("100000") int maxCustomers) {

        PlacementLimit {
            if (burst < 1 || perMinute < 1 || maxCustomers < 1) {
                throw new IllegalArgumentException("orders.placement-limit.* must each be at least 1");
            }
        }
    }

    /**
     * @param after    how long an order may stay PENDING; then it is cancelled with reason TIMEOUT
     * @param maxBatch the most expired orders one transaction cancels
     */
    record Deadline(@DefaultValue("30s") Duration after, @DefaultValue("100") int maxBatch) {
    }

    /**
     * @param maxBatch the most new orders one transaction commits; the rest wait for the next
     */
    record Intake(@DefaultValue("100") int maxBatch) {
    }

    /**
     * @param max          the longest a request may wait; longer waits asked for are shortened to this
     * @param pollInterval how often a waiting request re-reads the order, for changes made by another instance
     * @param maxWaiters   the most requests waiting at once in this instance; the next one is answered at once
     */
    record Waiting(@DefaultValue("30s") Duration max, @DefaultValue("150ms") Duration pollInterval,
                   @DefaultValue("500") int maxWaiters) {
    }
}
