package dev.foodorder.events.inventory;

import dev.foodorder.events.OrderId;

import java.time.Instant;
import java.util.List;

/**
 * The events of inventory-service, for the tests of every module: its answers about one order and
 * its stock-level events, with sensible defaults and a wither for each thing tests vary. The
 * defaults answer {@link dev.foodorder.events.order.OrderEventsMother#anOrder()}.
 *
 * @param orderId the order answered; stock-level events have none
 * @param at      when each event happened
 */
public record InventoryEventsMother(OrderId orderId, Instant at) {

    /** Answers about the order, now. */
    public static InventoryEventsMother forOrder(OrderId orderId) {
        return new InventoryEventsMother(orderId, Instant.now());
    }

    /** Answers about a new order, now; or stock-level events, which are about no order. */
    public static InventoryEventsMother forSomeOrder() {
        return forOrder(OrderId.random());
    }

    public static ReservedItem item(String sku, int quantity) {
        return new ReservedItem(sku, quantity);
    }

    public static StockReservationFailed.Shortage shortage(String sku, int requested, int available) {
        return new StockReservationFailed.Shortage(sku, requested, available);
    }

    public InventoryEventsMother withOrderId(OrderId orderId) {
        return new InventoryEventsMother(orderId, at);
    }

    public InventoryEventsMother at(Instant at) {
        return new InventoryEventsMother(orderId, at);
    }

    /** Two Pizza Margherita and a Tiramisu held for the order. */
    public StockReserved reserved() {
        return reserved(item("margherita", 2), item("tiramisu", 1));
    }

    public StockReserved reserved(ReservedItem... items) {
        return new StockReserved(orderId, List.of(items), at);
    }

    /** The order's one Tiramisu could not be served: none left. */
    public StockReservationFailed soldOut() {
        return failed(StockReservationFailed.Reason.OUT_OF_STOCK, shortage("tiramisu", 1, 0));
    }

    public StockReservationFailed failed(StockReservationFailed.Reason reason, StockReservationFailed.Shortage... shortages) {
        return new StockReservationFailed(orderId, reason, List.of(shortages), at);
    }

    /** What {@link #reserved()} held goes back on the shelf. */
    public StockReleased released() {
        return released(item("margherita", 2), item("tiramisu", 1));
    }

    public StockReleased released(ReservedItem... items) {
        return new StockReleased(orderId, List.of(items), at);
    }

    /** Two left of the sku, below a threshold of five. */
    public StockLevelLow stockLow(String sku) {
        return stockLow(sku, 2, 5);
    }

    public StockLevelLow stockLow(String sku, int available, int threshold) {
        return new StockLevelLow(sku, available, threshold, at);
    }

    /** Twenty of the sku added to the two left. */
    public StockReplenished replenished(String sku) {
        return replenished(sku, 20, 22);
    }

    public StockReplenished replenished(String sku, int quantityAdded, int available) {
        return new StockReplenished(sku, quantityAdded, available, at);
    }
}
