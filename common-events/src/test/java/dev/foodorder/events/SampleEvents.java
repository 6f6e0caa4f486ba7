package dev.foodorder.events;

import dev.foodorder.events.inventory.ReservedItem;
import dev.foodorder.events.inventory.StockLevelLow;
import dev.foodorder.events.inventory.StockReleased;
import dev.foodorder.events.inventory.StockReplenished;
import dev.foodorder.events.inventory.StockReservationFailed;
import dev.foodorder.events.inventory.StockReserved;
import dev.foodorder.events.order.OrderCancelled;
import dev.foodorder.events.order.OrderConfirmed;
import dev.foodorder.events.order.OrderPlaced;
import dev.foodorder.events.order.OrderRejected;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** One example of every event type in the catalog, as a producer would write it. */
public final class SampleEvents {

    public static final OrderId ORDER = OrderId.parse("6f1c2a7e-3b1d-4c55-9a0e-2f4b8d9c1e70");
    public static final Instant AT = Instant.parse("2026-11-23T12:00:00.123456Z");

    private SampleEvents() {
    }

    public static List<IntegrationEvent> all() {
        return List.of(
                new OrderPlaced(ORDER, "c-42", "ada@example.org",
                        List.of(new OrderPlaced.Line("margherita", "Pizza Margherita", 2, new BigDecimal("9.50")),
                                new OrderPlaced.Line("tiramisu", "Tiramisu", 1, new BigDecimal("5.00"))),
                        new BigDecimal("24.00"), "EUR", AT),
                new OrderConfirmed(ORDER, "c-42", "ada@example.org", new BigDecimal("24.00"), "EUR", AT),
                new OrderRejected(ORDER, "c-42", "ada@example.org", OrderRejected.Reason.OUT_OF_STOCK,
                        List.of(new OrderRejected.UnavailableItem("tiramisu", 3, 1)), AT),
                new OrderCancelled(ORDER, "c-42", "ada@example.org", "changed my mind", AT),
                new StockReserved(ORDER, List.of(new ReservedItem("margherita", 2)), AT),
                new StockReservationFailed(ORDER, StockReservationFailed.Reason.UNKNOWN_ITEM,
                        List.of(new StockReservationFailed.Shortage("caviar", 1, 0)), AT),
                new StockReleased(ORDER, List.of(new ReservedItem("margherita", 2)), AT),
                new StockLevelLow("tiramisu", 2, 5, AT),
                new StockReplenished("tiramisu", 20, 22, AT));
    }
}
