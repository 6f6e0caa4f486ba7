package dev.foodorder.inventory;

import dev.foodorder.events.OrderId;
import dev.foodorder.events.order.OrderCancelled;
import dev.foodorder.events.order.OrderConfirmed;
import dev.foodorder.events.order.OrderPlaced;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** Order events as the order service writes them, for feeding the inventory. */
public final class OrderEvents {

    private OrderEvents() {
    }

    public static OrderPlaced.Line line(String sku, int quantity) {
        return new OrderPlaced.Line(sku, "Dish " + sku, quantity, new BigDecimal("5.00"));
    }

    public static OrderPlaced placed(OrderId orderId, OrderPlaced.Line... lines) {
        var total = Arrays.stream(lines)
                .map(line -> line.unitPrice().multiply(BigDecimal.valueOf(line.quantity())))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        return new OrderPlaced(orderId, "c-42", "ada@example.org", List.of(lines), total, "EUR", Instant.now());
    }

    public static OrderCancelled cancelled(OrderId orderId) {
        return new OrderCancelled(orderId, "c-42", "ada@example.org", "changed my mind", Instant.now());
    }

    public static OrderConfirmed confirmed(OrderId orderId) {
        return new OrderConfirmed(orderId, "c-42", "ada@example.org", new BigDecimal("5.00"), "EUR", Instant.now());
    }
}
