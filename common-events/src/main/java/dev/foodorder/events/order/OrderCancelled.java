package dev.foodorder.events.order;

import dev.foodorder.events.OrderId;

import java.time.Instant;

import static dev.foodorder.events.Require.present;
import static dev.foodorder.events.Require.text;

/** The customer cancelled the order; whatever was reserved for it goes back on the shelf. */
public record OrderCancelled(
        OrderId orderId,
        String customerId,
        String customerEmail,
        String reason,
        Instant cancelledAt) implements OrderEvent {

    public OrderCancelled {
        present(orderId, "orderId");
        text(customerId, "customerId");
        text(customerEmail, "customerEmail");
        text(reason, "reason");
        present(cancelledAt, "cancelledAt");
    }

    @Override
    public Instant occurredAt() {
        return cancelledAt;
    }
}
