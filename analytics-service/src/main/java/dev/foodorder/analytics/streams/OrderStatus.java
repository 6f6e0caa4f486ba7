package dev.foodorder.analytics.streams;

import dev.foodorder.events.order.OrderCancelled;
import dev.foodorder.events.order.OrderConfirmed;
import dev.foodorder.events.order.OrderEvent;
import dev.foodorder.events.order.OrderPlaced;
import dev.foodorder.events.order.OrderRejected;

/** An order's status as its events on topic {@code orders} tell it, read the same way by every view. */
public enum OrderStatus {

    PENDING, CONFIRMED, REJECTED, CANCELLED;

    /** The status an order has after the event. */
    public static OrderStatus after(OrderEvent event) {
        return switch (event) {
            case OrderPlaced placed -> PENDING;
            case OrderConfirmed confirmed -> CONFIRMED;
            case OrderRejected rejected -> REJECTED;
            case OrderCancelled cancelled -> CANCELLED;
        };
    }

    /**
     * Whether an order may move from one status to the next. Anything else is a redelivered event (the
     * outbox publishes at least once) or one the lifecycle does not allow, and changes nothing.
     *
     * @param current null for an order not seen before: one placed before its state was kept, or purged since
     */
    public static boolean moves(OrderStatus current, OrderStatus next) {
        if (current == null) {
            return true;
        }
        return switch (current) {
            case PENDING -> next != PENDING;
            case CONFIRMED -> next == CANCELLED;
            case REJECTED, CANCELLED -> false;
        };
    }
}
