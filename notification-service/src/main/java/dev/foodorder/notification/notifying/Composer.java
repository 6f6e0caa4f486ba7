package dev.foodorder.notification.notifying;

import dev.foodorder.events.IntegrationEvent;
import dev.foodorder.events.OrderId;
import dev.foodorder.events.customer.CustomerFlagged;
import dev.foodorder.events.inventory.InventoryEvent;
import dev.foodorder.events.inventory.ReservationEvent;
import dev.foodorder.events.inventory.StockLevelLow;
import dev.foodorder.events.inventory.StockReplenished;
import dev.foodorder.events.order.OrderCancelled;
import dev.foodorder.events.order.OrderConfirmed;
import dev.foodorder.events.order.OrderEvent;
import dev.foodorder.events.order.OrderPlaced;
import dev.foodorder.events.order.OrderRejected;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Writes the notification an event calls for, from the event alone: every order event carries the
 * customer's id and email, so the service never has to ask the order service who to tell.
 * The inventory's answers about reservations reach the customer through the order events they
 * lead to, so they call for none. Stock levels and flagged customers are the operators' business.
 */
class Composer {

    private static final String SIGNATURE = "\n\nFood Ordering\n";

    private final String operatorEmail;

    Composer(String operatorEmail) {
        this.operatorEmail = operatorEmail;
    }

    Optional<Draft> compose(IntegrationEvent event) {
        return Optional.ofNullable(switch (event) {
            case OrderEvent order -> forCustomer(order);
            case InventoryEvent inventory -> forOperators(inventory);
            case CustomerFlagged flagged -> flagged(flagged);
            default -> null;
        });
    }

    private Draft forCustomer(OrderEvent event) {
        return switch (event) {
            case OrderPlaced placed -> received(placed);
            case OrderConfirmed confirmed -> confirmed(confirmed);
            case OrderRejected rejected -> rejected(rejected);
            case OrderCancelled cancelled -> cancelled(cancelled);
        };
    }

    private Draft forOperators(InventoryEvent event) {
        return switch (event) {
            case StockLevelLow low -> stockLow(low);
            case StockReplenished replenished -> replenished(replenished);
            case ReservationEvent ignored -> null;
        };
    }

    private Draft received(OrderPlaced order) {
        var lines = order.lines().stream()
                .map(line -> "  %d x %s (%s) at %s: %s".formatted(line.quantity(), line.name(), line.sku(),
                        money(line.unitPrice(), order.currency()),
                        money(line.unitPrice().multiply(BigDecimal.valueOf(line.quantity())), order.currency())))
                .collect(Collectors.joining("\n"));
        return new Draft(NotificationType.ORDER_RECEIVED, order.customerEmail(), order.customerId(), order.orderId(),
                "We received your order " + shortId(order.orderId()),
                """
                Hello,

                thank you for your order %s:

                %s

                Total: %s

                We are checking that the kitchen has everything and will write again in a moment.""".formatted(
                        order.orderId(), lines, money(order.total(), order.currency())) + SIGNATURE);
    }

    private Draft confirmed(OrderConfirmed order) {
        return new Draft(NotificationType.ORDER_CONFIRMED, order.customerEmail(), order.customerId(), order.orderId(),
                "Your order " + shortId(order.orderId()) + " is confirmed",
                """
                Hello,

                good news: the kitchen has everything for your order %s, and it is being prepared now.

                Total: %s""".formatted(order.orderId(), money(order.total(), order.currency())) + SIGNATURE);
    }

    private Draft rejected(OrderRejected order) {
        var why = switch (order.reason()) {
            case OUT_OF_STOCK -> "some items are out of stock";
            case UNKNOWN_ITEM -> "some items are not on our menu";
        };
        var items = order.unavailableItems().stream()
                .map(item -> "  %s: you asked for %d, we have %d".formatted(item.sku(), item.requested(), item.available()))
                .collect(Collectors.joining("\n"));
        return new Draft(NotificationType.ORDER_REJECTED, order.customerEmail(), order.customerId(), order.orderId(),
                "We could not accept your order " + shortId(order.orderId()),
                """
                Hello,

                we are sorry: we could not accept your order %s, because %s:

                %s

                Nothing of it will be prepared. You are welcome to order again without these items.""".formatted(
                        order.orderId(), why, items) + SIGNATURE);
    }

    private Draft cancelled(OrderCancelled order) {
        var why = OrderCancelled.TIMEOUT.equals(order.reason())
                ? "We could not confirm it in time, so nothing of it will be prepared or charged. You are welcome to order again."
                : "Reason: " + order.reason();
        return new Draft(NotificationType.ORDER_CANCELLED, order.customerEmail(), order.customerId(), order.orderId(),
                "Your order " + shortId(order.orderId()) + " is cancelled",
                """
                Hello,

                your order %s is cancelled.

                %s""".formatted(order.orderId(), why) + SIGNATURE);
    }

    private Draft stockLow(StockLevelLow stock) {
        return new Draft(NotificationType.STOCK_LOW, operatorEmail, null, null,
                "Stock low: %s (%d left)".formatted(stock.sku(), stock.available()),
                """
                Only %d of %s are available, below the threshold of %d. Time to restock.""".formatted(
                        stock.available(), stock.sku(), stock.threshold()) + SIGNATURE);
    }

    private Draft replenished(StockReplenished stock) {
        return new Draft(NotificationType.STOCK_REPLENISHED, operatorEmail, null, null,
                "Stock replenished: %s (%d available)".formatted(stock.sku(), stock.available()),
                """
                %d of %s were added; %d are available now.""".formatted(
                        stock.quantityAdded(), stock.sku(), stock.available()) + SIGNATURE);
    }

    /**
     * To the operators, and not filed under the customer ({@code customer_id}): the flag is a suspicion
     * for a person to check, and a customer's notifications are what the API lists and streams for them.
     */
    private Draft flagged(CustomerFlagged customer) {
        return new Draft(NotificationType.CUSTOMER_FLAGGED, operatorEmail, null, null,
                "Customer %s placed %d orders within %d seconds".formatted(
                        customer.customerId(), customer.orders(), customer.withinSeconds()),
                """
                Customer %s (%s) placed %d orders within %d seconds, the first at %s and the last at %s.

                Please look at these orders before the kitchen cooks them.""".formatted(
                        customer.customerId(), customer.customerEmail(), customer.orders(), customer.withinSeconds(),
                        customer.firstPlacedAt(), customer.flaggedAt()) + SIGNATURE);
    }

    private static String shortId(OrderId orderId) {
        return orderId.toString().substring(0, 8);
    }

    private static String money(BigDecimal amount, String currency) {
        return amount.setScale(2, RoundingMode.HALF_UP).toPlainString() + " " + currency;
    }
}
