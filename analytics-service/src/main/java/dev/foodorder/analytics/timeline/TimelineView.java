package dev.foodorder.analytics.timeline;

import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * An order's events across services.
 *
 * @param status PENDING, CONFIRMED, REJECTED or CANCELLED, as the order's own events tell it; UNKNOWN if only
 *               the inventory's were read
 * @param events by event time; events of the same time in the order they were read
 */
@Schema(name = "Timeline")
record TimelineView(UUID orderId,
                    @Schema(allowableValues = {"PENDING", "CONFIRMED", "REJECTED", "CANCELLED", "UNKNOWN"}) String status,
                    List<Event> events) {

    static TimelineView of(UUID orderId, Timeline timeline) {
        var events = timeline.events().stream()
                .sorted(Comparator.comparing(TimelineEntry::time))
                .map(entry -> new Event(entry.type(), entry.topic(), entry.partition(), entry.offset(), entry.time(), entry.source()))
                .toList();
        return new TimelineView(orderId, timeline.status() == null ? "UNKNOWN" : timeline.status().name(), events);
    }

    /**
     * One event, and where it was read.
     *
     * @param type   its CloudEvents type ({@code ce_type}), such as food.order.placed.v1
     * @param time   when it happened ({@code ce_time})
     * @param source the service that published it ({@code ce_source})
     */
    @Schema(name = "TimelineEvent")
    record Event(String type, String topic, int partition, long offset, Instant time, String source) {
    }
}
