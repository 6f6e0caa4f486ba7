package dev.foodorder.analytics.timeline;

import dev.foodorder.analytics.streams.OrderStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The events of one order, from both topics, in the order they were read.
 *
 * @param status    as the order's own events tell it; null until one of them was read
 * @param touchedAt the stream time of the last change, from which the retention counts
 */
record Timeline(OrderStatus status, List<TimelineEntry> events, Instant touchedAt) {

    /** Far more than an order's lifecycle has; a producer gone wrong cannot grow a timeline without end. */
    static final int MAX_EVENTS = 50;

    static final Timeline EMPTY = new Timeline(null, List.of(), null);

    boolean has(UUID eventId) {
        return events.stream().anyMatch(event -> event.id().equals(eventId));
    }

    Timeline with(TimelineEntry event, OrderStatus statusAfter, Instant streamTime) {
        if (events.size() >= MAX_EVENTS) {
            return new Timeline(statusAfter, events, streamTime);
        }
        var more = new ArrayList<>(events);
        more.add(event);
        return new Timeline(statusAfter, List.copyOf(more), streamTime);
    }
}
