package dev.foodorder.events;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import static dev.foodorder.events.CloudEventHeaders.CONTENT_TYPE;
import static dev.foodorder.events.CloudEventHeaders.ID;
import static dev.foodorder.events.CloudEventHeaders.JSON;
import static dev.foodorder.events.CloudEventHeaders.SOURCE;
import static dev.foodorder.events.CloudEventHeaders.SPEC_VERSION;
import static dev.foodorder.events.CloudEventHeaders.SPEC_VERSION_1_0;
import static dev.foodorder.events.CloudEventHeaders.SUBJECT;
import static dev.foodorder.events.CloudEventHeaders.TIME;
import static dev.foodorder.events.CloudEventHeaders.TRACEPARENT;
import static dev.foodorder.events.CloudEventHeaders.TYPE;

/**
 * The CloudEvents attributes of one record, and the one place that writes them as headers and
 * reads them back: every producer (the outbox relay, the Kafka serializer) and every consumer goes
 * through here, so the two sides cannot drift apart.
 *
 * @param subject     what the event is about; may be null
 * @param traceparent the W3C trace context the event continues; may be null
 */
public record CloudEventAttributes(UUID id, String source, String type, Instant time, String subject, String traceparent) {

    public CloudEventAttributes {
        Require.present(id, "id");
        Require.text(source, "source");
        Require.present(type, "type");
        Require.present(time, "time");
    }

    /** The headers as strings, in the order the binding lists them; an absent optional attribute has none. */
    public Map<String, String> headers() {
        var headers = new LinkedHashMap<String, String>();
        headers.put(SPEC_VERSION, SPEC_VERSION_1_0);
        headers.put(ID, id.toString());
        headers.put(SOURCE, source);
        headers.put(TYPE, type);
        headers.put(TIME, time.toString());
        putIfPresent(headers, SUBJECT, subject);
        headers.put(CONTENT_TYPE, JSON);
        putIfPresent(headers, TRACEPARENT, traceparent);
        return headers;
    }

    /**
     * Reads the attributes of a record.
     *
     * @param header the value of the record's header of a name, or null if it has none
     * @throws MalformedEventException if a required attribute is missing or invalid
     */
    public static CloudEventAttributes read(Function<String, String> header) {
        var specVersion = required(header, SPEC_VERSION);
        var id = required(header, ID);
        var source = required(header, SOURCE);
        var type = required(header, TYPE);
        var time = required(header, TIME);
        if (!SPEC_VERSION_1_0.equals(specVersion)) {
            throw new MalformedEventException("Unsupported CloudEvents version " + specVersion);
        }
        try {
            return new CloudEventAttributes(UUID.fromString(id), source, type, Instant.parse(time),
                    header.apply(SUBJECT), header.apply(TRACEPARENT));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new MalformedEventException("Invalid CloudEvents attribute: " + e.getMessage(), e);
        }
    }

    /** Only the trace context of a record: for a consumer that has read the event already. */
    public static String traceparent(Function<String, String> header) {
        return header.apply(TRACEPARENT);
    }

    private static String required(Function<String, String> header, String name) {
        var value = header.apply(name);
        if (value == null) {
            throw new MalformedEventException("Missing header " + name);
        }
        return value;
    }

    private static void putIfPresent(Map<String, String> headers, String name, String value) {
        if (value != null) {
            headers.put(name, value);
        }
    }
}
