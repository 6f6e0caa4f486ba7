package dev.foodorder.analytics.flagging;

import java.time.Instant;

/** What the flagging rule needs of an OrderPlaced, re-keyed by customer: the rest of the order stays behind. */
record Placement(String orderId, String customerId, String customerEmail, Instant placedAt) {
}
