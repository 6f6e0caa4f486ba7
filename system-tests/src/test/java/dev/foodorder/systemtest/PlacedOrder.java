package dev.foodorder.systemtest;

import java.util.Map;
import java.util.UUID;

/** An order the order service accepted (202 or 201), with what the customer asked for. */
record PlacedOrder(UUID id, String customerId, Map<String, Integer> quantities) {
}
