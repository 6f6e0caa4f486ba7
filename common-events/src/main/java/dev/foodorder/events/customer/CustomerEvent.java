package dev.foodorder.events.customer;

import dev.foodorder.events.IntegrationEvent;

/**
 * The events of topic {@code customers}: what the stream analytics found out about a customer,
 * keyed by the customer's id.
 */
public sealed interface CustomerEvent extends IntegrationEvent permits CustomerFlagged {

    String customerId();

    @Override
    default String key() {
        return customerId();
    }
}
