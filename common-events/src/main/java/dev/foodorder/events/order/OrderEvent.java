package dev.foodorder.events.order;

import dev.foodorder.events.IntegrationEvent;
import dev.foodorder.events.OrderId;

/**
 * The events of topic {@code orders}: the lifecycle of one order, keyed by its id.
 * Every event carries the customer's contact details, so a consumer never has to ask
 * the order service who the customer is.
 */
public sealed interface OrderEvent extends IntegrationEvent
        permits OrderPlaced, OrderConfirmed, OrderRejected, OrderCancelled {

    OrderId orderId();

    String customerId();

    String customerEmail();

    @Override
    default String key() {
        return orderId().toString();
    }
}
