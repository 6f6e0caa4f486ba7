package dev.foodorder.events.inventory;

import dev.foodorder.events.OrderId;

import java.time.Instant;
import java.util.List;

import static dev.foodorder.events.Require.nonEmpty;
import static dev.foodorder.events.Require.present;

/** Every line of the order is held in stock for it. */
public record StockReserved(OrderId orderId, List<ReservedItem> items, Instant reservedAt)
        implements ReservationEvent {

    public StockReserved {
        present(orderId, "orderId");
        items = nonEmpty(items, "items");
        present(reservedAt, "reservedAt");
    }

    @Override
    public Instant occurredAt() {
        return reservedAt;
    }
}
