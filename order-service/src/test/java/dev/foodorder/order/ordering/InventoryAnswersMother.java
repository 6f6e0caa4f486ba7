package dev.foodorder.order.ordering;

import dev.foodorder.events.OrderId;
import dev.foodorder.events.inventory.ReservedItem;
import dev.foodorder.events.inventory.StockReservationFailed;
import dev.foodorder.events.inventory.StockReserved;

import java.time.Instant;
import java.util.List;

/** The inventory service's answers, as it would publish them. */
final class InventoryAnswersMother {

    private InventoryAnswersMother() {
    }

    static StockReserved reserved(OrderId order) {
        return new StockReserved(order, List.of(new ReservedItem("margherita", 2), new ReservedItem("tiramisu", 1)), Instant.now());
    }

    static StockReservationFailed tiramisuSoldOut(OrderId order) {
        return new StockReservationFailed(order, StockReservationFailed.Reason.OUT_OF_STOCK,
                List.of(new StockReservationFailed.Shortage("tiramisu", 1, 0)), Instant.now());
    }
}
