package dev.foodorder.bench;

import java.util.Map;
import java.util.UUID;

/**
 * One order the driver placed, and what the API answered. Times are nanoseconds on the run's clock;
 * the latency of the answer is counted from when the order was due, not from when it was sent, so a
 * driver that falls behind cannot hide the wait (no coordinated omission).
 */
final class Placement {

    final long index;
    final Step step;
    /** Whether it was due after the step's warm-up. */
    final boolean counted;
    final String customerId;
    final Map<String, Integer> items;
    final long dueNanos;

    long sentNanos = -1;
    long answeredNanos = -1;
    int status;
    UUID orderId;
    String error;

    Placement(long index, Step step, boolean counted, String customerId, Map<String, Integer> items, long dueNanos) {
        this.index = index;
        this.step = step;
        this.counted = counted;
        this.customerId = customerId;
        this.items = items;
        this.dueNanos = dueNanos;
    }

    boolean accepted() {
        return orderId != null;
    }

    /** Due to answered, in milliseconds; what the customer waited for the 202. */
    double acceptMillis() {
        return (answeredNanos - dueNanos) / 1e6;
    }

    String body() {
        var lines = new StringBuilder();
        items.forEach((sku, quantity) -> lines.append(lines.isEmpty() ? "" : ",")
                .append("{\"sku\":\"").append(sku).append("\",\"quantity\":").append(quantity).append('}'));
        return "{\"customerId\":\"%s\",\"customerEmail\":\"%s@bench.example.org\",\"items\":[%s]}"
                .formatted(customerId, customerId, lines);
    }
}
