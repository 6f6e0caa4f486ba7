package dev.foodorder.order.ordering;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Settings under {@code orders.*}, each overridable by environment variable ({@code ORDERS_WAITING_MAX}, ...).
 * The listener's {@code orders.listener.concurrency} is read by its annotation.
 *
 * @param waiting how a request may wait for an order's outcome
 * @param intake  how new orders are committed
 */
@ConfigurationProperties("orders")
record OrderingProperties(@DefaultValue Waiting waiting, @DefaultValue Intake intake) {

    /**
     * @param maxBatch the most new orders one transaction commits; the rest wait for the next
     */
    record Intake(@DefaultValue("100") int maxBatch) {
    }

    /**
     * @param max          the longest a request may wait; longer waits asked for are shortened to this
     * @param pollInterval how often a waiting request re-reads the order, for changes made by another instance
     */
    record Waiting(@DefaultValue("30s") Duration max, @DefaultValue("150ms") Duration pollInterval) {
    }
}
