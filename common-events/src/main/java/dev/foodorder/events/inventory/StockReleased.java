package dev.foodorder.events.inventory;

import dev.foodorder.events.OrderId;

import java.time.Instant;
import java.util.List;

import static dev.foodorder.events.Require.nonEmpty;
import static dev.foodorder.events.Require.present;

/** A cancelled order's reservation went back into available stock. */
public record StockReleased(OrderId orderId, List<ReservedItem> items, Instant releasedAt)
        implements ReservationEvent {

    public StockReleased {
        present(orderId, "orderId");
        items = nonEmpty(items, "items");
        present(releasedAt, "releasedAt");
    }

    @Override
    public Instant occurredAt() {
        return releasedAt;
    }
}
