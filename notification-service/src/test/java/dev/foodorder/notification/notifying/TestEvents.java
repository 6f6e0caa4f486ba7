package dev.foodorder.notification.notifying;

import dev.foodorder.events.OrderId;
import dev.foodorder.events.inventory.ReservedItem;
import dev.foodorder.events.inventory.StockLevelLow;
import dev.foodorder.events.inventory.StockReplenished;
import dev.foodorder.events.inventory.StockReserved;
import dev.foodorder.events.order.OrderCancelled;
import dev.foodorder.events.order.OrderConfirmed;
import dev.foodorder.events.order.OrderPlaced;
import dev.foodorder.events.order.OrderRejected;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Events about one customer's order, with ids of their own: the topics are shared by every test
 * class in the JVM, so each test looks only at its own order, customer and skus.
 */
record TestEvents(OrderId orderId, String customerId, String customerEmail) {

    static TestEvents newOrder() {
        var customer = "c-" + UUID.randomUUID().toString().substring(0, 8);
        return new TestEvents(OrderId.random(), customer, customer + "@example.org");
    }

    static String newSku() {
        return "sku-" + UUID.randomUUID().toString().substring(0, 8);
    }

    String key() {
        return orderId.toString();
    }

    OrderPlaced placed() {
        return new OrderPlaced(orderId, customerId, customerEmail,
                List.of(new OrderPlaced.Line("margherita", "Pizza Margherita", 2, new BigDecimal("9.50")),
                        new OrderPlaced.Line("tiramisu", "Tiramisu", 1, new BigDecimal("5.50"))),
                new BigDecimal("24.50"), "EUR", Instant.now());
    }

    OrderConfirmed confirmed() {
        return new OrderConfirmed(orderId, customerId, customerEmail, new BigDecimal("24.50"), "EUR", Instant.now());
    }

    OrderRejected rejected() {
        return new OrderRejected(orderId, customerId, customerEmail, OrderRejected.Reason.OUT_OF_STOCK,
                List.of(new OrderRejected.UnavailableItem("tiramisu", 4, 3)), Instant.now());
    }

    OrderCancelled cancelled() {
        return new OrderCancelled(orderId, customerId, customerEmail, "changed my mind", Instant.now());
    }

    StockReserved reserved() {
        return new StockReserved(orderId, List.of(new ReservedItem("margherita", 2)), Instant.now());
    }

    static StockLevelLow stockLow(String sku) {
        return new StockLevelLow(sku, 2, 5, Instant.now());
    }

    static StockReplenished replenished(String sku) {
        return new StockReplenished(sku, 20, 22, Instant.now());
    }
}
