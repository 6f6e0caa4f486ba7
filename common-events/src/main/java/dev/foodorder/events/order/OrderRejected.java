package dev.foodorder.events.order;

import dev.foodorder.events.OrderId;

import java.time.Instant;
import java.util.List;

import static dev.foodorder.events.Require.nonEmpty;
import static dev.foodorder.events.Require.notNegative;
import static dev.foodorder.events.Require.present;
import static dev.foodorder.events.Require.text;

/** The inventory could not serve every line, so nothing was reserved and the order is final. */
public record OrderRejected(
        OrderId orderId,
        String customerId,
        String customerEmail,
        Reason reason,
        List<UnavailableItem> unavailableItems,
        Instant rejectedAt) implements OrderEvent {

    public OrderRejected {
        present(orderId, "orderId");
        text(customerId, "customerId");
        text(customerEmail, "customerEmail");
        present(reason, "reason");
        unavailableItems = nonEmpty(unavailableItems, "unavailableItems");
        present(rejectedAt, "rejectedAt");
    }

    @Override
    public Instant occurredAt() {
        return rejectedAt;
    }

    public enum Reason { OUT_OF_STOCK, UNKNOWN_ITEM }

    /** A line that could not be served: how many were asked for and how many there were. */
    public record UnavailableItem(String sku, int requested, int available) {

        public UnavailableItem {
            text(sku, "sku");
            notNegative(requested, "requested");
            notNegative(available, "available");
        }
    }
}
