package dev.foodorder.events.order;

import dev.foodorder.events.OrderId;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The events of one order as order-service writes them, for the tests of every module: sensible
 * defaults, and a wither for each thing tests vary. Immutable, so one mother can be shared and
 * varied freely.
 *
 * @param at       when each event happened
 * @param settleBy the deadline {@link #placed()} carries; none by default, as producers built before it wrote
 */
public record OrderEventsMother(OrderId orderId, String customerId, String customerEmail, List<OrderPlaced.Line> lines,
                                String currency, Instant at, Instant settleBy) {

    public OrderEventsMother {
        lines = List.copyOf(lines);
    }

    /** A new order of two Pizza Margherita and a Tiramisu at the menu's prices (24.50 EUR), now. */
    public static OrderEventsMother anOrder() {
        return new OrderEventsMother(OrderId.random(), "c-42", "ada@example.org",
                List.of(line("margherita", "Pizza Margherita", 2, "9.50"), line("tiramisu", "Tiramisu", 1, "5.50")),
                "EUR", Instant.now(), null);
    }

    public static OrderPlaced.Line line(String sku, String name, int quantity, String unitPrice) {
        return new OrderPlaced.Line(sku, name, quantity, new BigDecimal(unitPrice));
    }

    /** A line of a dish named after its sku, at 5.00. */
    public static OrderPlaced.Line line(String sku, int quantity) {
        return line(sku, "Dish " + sku, quantity, "5.00");
    }

    public OrderEventsMother withOrderId(OrderId orderId) {
        return new OrderEventsMother(orderId, customerId, customerEmail, lines, currency, at, settleBy);
    }

    public OrderEventsMother withCustomer(String customerId, String customerEmail) {
        return new OrderEventsMother(orderId, customerId, customerEmail, lines, currency, at, settleBy);
    }

    public OrderEventsMother withLines(OrderPlaced.Line... lines) {
        return new OrderEventsMother(orderId, customerId, customerEmail, List.of(lines), currency, at, settleBy);
    }

    public OrderEventsMother at(Instant at) {
        return new OrderEventsMother(orderId, customerId, customerEmail, lines, currency, at, settleBy);
    }

    public OrderEventsMother withSettleBy(Instant settleBy) {
        return new OrderEventsMother(orderId, customerId, customerEmail, lines, currency, at, settleBy);
    }

    /** What the lines cost together, as order-service prices an order. */
    public BigDecimal total() {
        return lines.stream()
                .map(line -> line.unitPrice().multiply(BigDecimal.valueOf(line.quantity())))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    public String key() {
        return orderId.toString();
    }

    public OrderPlaced placed() {
        return new OrderPlaced(orderId, customerId, customerEmail, lines, total(), currency, at, settleBy);
    }

    public OrderConfirmed confirmed() {
        return new OrderConfirmed(orderId, customerId, customerEmail, total(), currency, at);
    }

    /** Rejected because the last line is out of stock, none of it left. */
    public OrderRejected rejected() {
        var last = lines.getLast();
        return rejected(OrderRejected.Reason.OUT_OF_STOCK, new OrderRejected.UnavailableItem(last.sku(), last.quantity(), 0));
    }

    public OrderRejected rejected(OrderRejected.Reason reason, OrderRejected.UnavailableItem... unavailable) {
        return new OrderRejected(orderId, customerId, customerEmail, reason, List.of(unavailable), at);
    }

    public OrderCancelled cancelled() {
        return cancelled("changed my mind");
    }

    public OrderCancelled cancelled(String reason) {
        return new OrderCancelled(orderId, customerId, customerEmail, reason, at);
    }
}
