package dev.foodorder.analytics.timeline;

import java.time.Instant;
import java.util.UUID;

/**
 * One event of an order, and where it was read.
 *
 * @param id   the event's {@code ce_id}, by which a redelivered copy is recognised
 * @param type the event's {@code ce_type}
 * @param time when it happened ({@code ce_time})
 */
record TimelineEntry(UUID id, String type, String topic, int partition, long offset, Instant time, String source) {
}
