package dev.foodorder.events;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.util.function.Function;

/**
 * Reads and writes events in the contract's wire format. Readers are tolerant (unknown fields
 * are ignored, so producers may add fields) and strict about what they need (a missing field,
 * unknown type or broken JSON is a {@link MalformedEventException}); a field added within a version
 * is the one that may be missing, and is marked {@link MayBeAbsent}.
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
        return fromJson(type, json, eventType.javaType());
    }

    /**
     * Reads a payload into the given record, as {@link #fromJson(String, byte[])} reads its type's: tests read
     * today's events into a copy of an event as it was released, to prove that readers built then still can.
     */
    static <T> T fromJson(String type, byte[] json, Class<T> shape) {
        if (json == null || json.length == 0) {
            throw new MalformedEventException("Empty payload for " + type);
        }
        try {
            return JSON.readValue(json, shape);
        } catch (JacksonException | IllegalArgumentException e) {
            throw new MalformedEventException("Payload is not a valid " + type + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a record in binary mode: the attributes from its headers, the event from its value.
     *
     * @param header the value of the record's header of a name, or null if it has none
     */
    public static EventEnvelope read(Function<String, String> header, byte[] value) {
        var attributes = CloudEventAttributes.read(header);
        return new EventEnvelope(attributes.id(), attributes.source(), attributes.time(), fromJson(attributes.type(), value));
    }
}
