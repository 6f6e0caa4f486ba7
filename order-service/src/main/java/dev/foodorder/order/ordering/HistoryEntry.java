package dev.foodorder.order.ordering;

import dev.foodorder.events.EventEnvelope;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;

import java.time.Instant;
import java.util.UUID;

/**
 * An event the order sent or received, with when this service recorded it: the answer to "what
 * happened to my order, and when", and the link to the event's {@code ce_id} on the broker.
 */
@Embeddable
record HistoryEntry(
        @Column(name = "recorded_at") Instant at,
        @Enumerated(EnumType.STRING) Direction direction,
        @Column(name = "event_type") String type,
        @Column(name = "event_id") UUID eventId) {

    enum Direction { SENT, RECEIVED }

    static HistoryEntry sent(EventEnvelope event, Instant at) {
        return new HistoryEntry(at, Direction.SENT, event.type().type(), event.id());
    }
}
