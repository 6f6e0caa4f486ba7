package dev.foodorder.events;

import java.time.Instant;
import java.util.LinkedHashMap;
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

    /** The binary-mode headers, in the order the binding lists them. */
    public Map<String, String> headers() {
        var headers = new LinkedHashMap<String, String>();
        headers.put(CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_1_0);
        headers.put(CloudEventHeaders.ID, id.toString());
        headers.put(CloudEventHeaders.SOURCE, source);
        headers.put(CloudEventHeaders.TYPE, type().type());
        headers.put(CloudEventHeaders.TIME, time.toString());
        headers.put(CloudEventHeaders.SUBJECT, data.subject());
        headers.put(CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
        return headers;
    }
}
