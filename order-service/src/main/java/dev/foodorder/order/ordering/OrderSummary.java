package dev.foodorder.order.ordering;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** An order in a list: enough to pick it out; its details are one GET away. */
record OrderSummary(UUID orderId, String customerId, OrderStatus status, BigDecimal total, String currency,
                    Instant placedAt, Instant updatedAt) {

    static OrderSummary of(Order order) {
        return new OrderSummary(order.id().value(), order.customerId(), order.status(), order.total(),
                order.currency(), order.placedAt(), order.updatedAt());
    }
}
