package dev.foodorder.events.order;

import dev.foodorder.events.OrderId;

import java.time.Instant;

import static dev.foodorder.events.Require.present;
import static dev.foodorder.events.Require.text;

/**
 * The order is cancelled, by its customer or, with reason {@link #TIMEOUT}, by the order service
 * because no answer came before its deadline; whatever was reserved for it goes back on the shelf.
 */
public record OrderCancelled(
        OrderId orderId,
        String customerId,
        String customerEmail,
        String reason,
        Instant cancelledAt) implements OrderEvent {

    /** The reason of an order the order service cancelled because it was still pending at its deadline. */
    public static final String TIMEOUT = "TIMEOUT";

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
