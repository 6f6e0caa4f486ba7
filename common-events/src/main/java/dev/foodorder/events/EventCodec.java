package dev.foodorder.events;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.UUID;

/**
 * Reads and writes events in the contract's wire format. Readers are tolerant (unknown fields
 * are ignored, so producers may add fields) and strict about what they need (a missing field,
 * unknown type or broken JSON is a {@link MalformedEventException}).
 */
public final class EventCodec {

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private EventCodec() {
    }

    public static byte[] toJson(IntegrationEvent event) {
        return JSON.writeValueAsBytes(event);
    }

    public static IntegrationEvent fromJson(String type, byte[] json) {
        var eventType = EventType.fromType(type)
                .orElseThrow(() -> new MalformedEventException("Unknown event type: " + type));
        if (json == null || json.length == 0) {
            throw new MalformedEventException("Empty payload for " + type);
        }
        try {
            return JSON.readValue(json, eventType.javaType());
        } catch (JacksonException | IllegalArgumentException e) {
            throw new MalformedEventException("Payload is not a valid " + type + ": " + e.getMessage(), e);
        }
    }

    /** Reads a record in binary mode: attributes from the headers, the event from the value. */
    public static EventEnvelope read(Map<String, String> headers, byte[] value) {
        for (var name : CloudEventHeaders.REQUIRED) {
            if (headers.get(name) == null) {
                throw new MalformedEventException("Missing header " + name);
            }
        }
        var specVersion = headers.get(CloudEventHeaders.SPEC_VERSION);
        if (!CloudEventHeaders.SPEC_VERSION_1_0.equals(specVersion)) {
            throw new MalformedEventException("Unsupported CloudEvents version " + specVersion);
        }
        try {
            var id = UUID.fromString(headers.get(CloudEventHeaders.ID));
            var time = Instant.parse(headers.get(CloudEventHeaders.TIME));
            var data = fromJson(headers.get(CloudEventHeaders.TYPE), value);
            return new EventEnvelope(id, headers.get(CloudEventHeaders.SOURCE), time, data);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new MalformedEventException("Invalid CloudEvents attribute: " + e.getMessage(), e);
        }
    }
}
