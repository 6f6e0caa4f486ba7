package dev.foodorder.analytics.flagging;

import dev.foodorder.events.customer.CustomerFlagged;

import java.time.Instant;

/**
 * A customer the rule flagged, with the latest burst: as the CustomerFlagged event published for it.
 *
 * @param orders        how many orders were placed within {@code withinSeconds}
 * @param firstPlacedAt when the first of those orders was placed
 * @param flaggedAt     when the order that crossed the limit was placed
 */
record FlaggedCustomer(String customerId, String customerEmail, int orders, int withinSeconds, Instant firstPlacedAt,
                       Instant flaggedAt) {

    static FlaggedCustomer of(CustomerFlagged flagged) {
        return new FlaggedCustomer(flagged.customerId(), flagged.customerEmail(), flagged.orders(), flagged.withinSeconds(),
                flagged.firstPlacedAt(), flagged.flaggedAt());
    }
}
