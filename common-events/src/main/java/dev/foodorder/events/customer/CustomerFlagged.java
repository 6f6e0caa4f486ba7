package dev.foodorder.events.customer;

import java.time.Instant;

import static dev.foodorder.events.Require.positive;
import static dev.foodorder.events.Require.present;
import static dev.foodorder.events.Require.text;

/**
 * A customer placed more orders within a short time than the analytics' rule allows: an operator
 * should look before the kitchen cooks them. Flagged on the orders' own times, so replaying the
 * same orders flags the same customer at the same moment.
 *
 * @param orders        how many orders the customer placed within {@code withinSeconds}
 * @param firstPlacedAt when the first of those orders was placed
 * @param flaggedAt     when the order that crossed the limit was placed
 */
public record CustomerFlagged(
        String customerId,
        String customerEmail,
        int orders,
        int withinSeconds,
        Instant firstPlacedAt,
        Instant flaggedAt) implements CustomerEvent {

    public CustomerFlagged {
        text(customerId, "customerId");
        text(customerEmail, "customerEmail");
        positive(orders, "orders");
        positive(withinSeconds, "withinSeconds");
        present(firstPlacedAt, "firstPlacedAt");
        present(flaggedAt, "flaggedAt");
    }

    @Override
    public Instant occurredAt() {
        return flaggedAt;
    }
}
