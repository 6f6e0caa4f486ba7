package dev.foodorder.order.ordering;

import dev.foodorder.events.OrderId;

import java.time.Instant;

/**
 * An in-process notice that an order's status changed, for what must happen only once the change
 * has committed: waking requests that wait for the outcome, counting. Not an integration event;
 * those go through the outbox.
 *
 * @param from the status before, or null when the order was just placed
 */
record OrderStatusChanged(OrderId orderId, OrderStatus from, OrderStatus to, Instant placedAt, Instant at) {

    static OrderStatusChanged placed(Order order) {
        return new OrderStatusChanged(order.id(), null, order.status(), order.placedAt(), order.placedAt());
    }

    static OrderStatusChanged changed(Order order, OrderStatus from) {
        return new OrderStatusChanged(order.id(), from, order.status(), order.placedAt(), order.updatedAt());
    }

    /** A pending order the inventory's answer settled, changed without loading its entity. */
    static OrderStatusChanged settled(OrderId orderId, OrderStatus to, Instant placedAt, Instant at) {
        return new OrderStatusChanged(orderId, OrderStatus.PENDING, to, placedAt, at);
    }

    boolean leftPending() {
        return from == OrderStatus.PENDING;
    }
}
