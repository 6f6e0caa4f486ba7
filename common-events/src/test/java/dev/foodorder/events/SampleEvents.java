package dev.foodorder.events;

import dev.foodorder.events.customer.CustomerEventsMother;
import dev.foodorder.events.inventory.InventoryEventsMother;
import dev.foodorder.events.inventory.StockReservationFailed;
import dev.foodorder.events.order.OrderEventsMother;
import dev.foodorder.events.order.OrderRejected;

import java.time.Instant;
import java.util.List;

import static dev.foodorder.events.inventory.InventoryEventsMother.item;
import static dev.foodorder.events.inventory.InventoryEventsMother.shortage;
import static dev.foodorder.events.order.OrderEventsMother.line;

/** One example of every event type in the catalog, as a producer would write it, with fixed ids and times. */
public final class SampleEvents {

    public static final OrderId ORDER = OrderId.parse("6f1c2a7e-3b1d-4c55-9a0e-2f4b8d9c1e70");
    public static final Instant AT = Instant.parse("2026-11-23T12:00:00.123456Z");

    private SampleEvents() {
    }

    public static List<IntegrationEvent> all() {
        var order = OrderEventsMother.anOrder().withOrderId(ORDER).at(AT).withSettleBy(AT.plusSeconds(30))
                .withLines(line("margherita", "Pizza Margherita", 2, "9.50"), line("tiramisu", "Tiramisu", 1, "5.00"));
        var inventory = InventoryEventsMother.forOrder(ORDER).at(AT);
        return List.of(
                order.placed(),
                order.confirmed(),
                order.rejected(OrderRejected.Reason.OUT_OF_STOCK, new OrderRejected.UnavailableItem("tiramisu", 3, 1)),
                order.cancelled(),
                inventory.reserved(item("margherita", 2)),
                inventory.failed(StockReservationFailed.Reason.UNKNOWN_ITEM, shortage("caviar", 1, 0)),
                inventory.released(item("margherita", 2)),
                inventory.stockLow("tiramisu"),
                inventory.replenished("tiramisu"),
                CustomerEventsMother.aCustomer().at(AT).flagged());
    }
}
