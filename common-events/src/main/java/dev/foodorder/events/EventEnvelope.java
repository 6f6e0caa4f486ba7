package dev.foodorder.events;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * An event with its CloudEvents attributes. The {@code id} is unique per event and is the key
 * consumers de-duplicate on, so a redelivered record is recognised as the same event.
 */
public record EventEnvelope(UUID id, String source, Instant time, IntegrationEvent data) {

    public EventEnvelope {
        Objects.requireNonNull(id, "id");
        Require.text(source, "source");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(data, "data");
    }

    /** Wraps a new event: a fresh id, and the event's own time. */
    public static EventEnvelope of(String source, IntegrationEvent data) {
        return new EventEnvelope(UUID.randomUUID(), source, data.occurredAt(), data);
    }

    public EventType type() {
        return EventType.of(data);
    }

    public String topic() {
        return type().topic();
    }

    public String key() {
        return data.key();
    }

    /**
     * The binary-mode headers, in the order the binding lists them. Without a trace context: the
     * outbox keeps that beside the envelope, and its relay writes it.
     */
    public Map<String, String> headers() {
        return new CloudEventAttributes(id, source, type().type(), time, data.subject(), null).headers();
    }
}
