package dev.foodorder.events.inventory;

import dev.foodorder.events.OrderId;

/** The inventory's answers about one order, keyed by order id so they follow its events in order. */
public sealed interface ReservationEvent extends InventoryEvent
        permits StockReserved, StockReservationFailed, StockReleased {

    OrderId orderId();

    @Override
    default String key() {
        return orderId().toString();
    }
}
