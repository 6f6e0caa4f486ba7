package dev.foodorder.events.inventory;

import dev.foodorder.events.OrderId;

import java.time.Instant;
import java.util.List;

import static dev.foodorder.events.Require.nonEmpty;
import static dev.foodorder.events.Require.notNegative;
import static dev.foodorder.events.Require.present;
import static dev.foodorder.events.Require.text;

/** At least one line could not be served, so nothing was reserved for the order. */
public record StockReservationFailed(
        OrderId orderId,
        Reason reason,
        List<Shortage> shortages,
        Instant failedAt) implements ReservationEvent {

    public StockReservationFailed {
        present(orderId, "orderId");
        present(reason, "reason");
        shortages = nonEmpty(shortages, "shortages");
        present(failedAt, "failedAt");
    }

    @Override
    public Instant occurredAt() {
        return failedAt;
    }

    /** UNKNOWN_ITEM wins over OUT_OF_STOCK when an order has both kinds of line. */
    public enum Reason { OUT_OF_STOCK, UNKNOWN_ITEM }

    /** For an unknown sku, {@code available} is 0. */
    public record Shortage(String sku, int requested, int available) {

        public Shortage {
            text(sku, "sku");
            notNegative(requested, "requested");
            notNegative(available, "available");
        }
    }
}
