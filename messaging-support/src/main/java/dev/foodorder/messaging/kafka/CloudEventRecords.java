package dev.foodorder.messaging.kafka;

import dev.foodorder.events.CloudEventAttributes;
import dev.foodorder.events.EventCodec;
import dev.foodorder.events.EventEnvelope;
import dev.foodorder.events.EventType;
import dev.foodorder.events.Topics;
import dev.foodorder.events.IntegrationEvent;
import dev.foodorder.events.MalformedEventException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Where the contract's headers meet Kafka's: {@link CloudEventAttributes} makes them name and
 * string pairs, this class puts those on a record and takes them off again, as UTF-8 bytes, and
 * reads a consumed record back into its event.
 */
public final class CloudEventRecords {

    private CloudEventRecords() {
    }

    /** A record on the event's own topic, keyed as the contract says, with the value already serialized. */
    public static ProducerRecord<String, byte[]> toRecord(EventEnvelope envelope) {
        var headers = new RecordHeaders();
        var value = new CloudEventSerializer().serialize(envelope.topic(), headers, envelope);
        return new ProducerRecord<>(envelope.topic(), null, envelope.key(), value, headers);
    }

    /**
     * Adds string headers to a record. A null value adds none, and so does a name the record has
     * already: a dead-letter copy keeps the headers of the original.
     */
    public static void addHeaders(Headers headers, Map<String, String> values) {
        values.forEach((name, value) -> {
            if (value != null && headers.lastHeader(name) == null) {
                headers.add(name, value.getBytes(StandardCharsets.UTF_8));
            }
        });
    }

    /** Reads a consumed record into its event: see {@link #read(String, Headers, byte[], Set)}. */
    public static EventEnvelope read(String topic, Headers headers, byte[] value) {
        return read(topic, headers, value, null).orElseThrow();
    }

    /**
     * Reads a consumed record: its attributes from the headers first, then, only if its type is one of
     * {@code wanted}, its value. A consumer skips the events it does not act on without parsing them, and
     * so also the types the contract it was built with does not know yet: a producer may publish a new
     * version beside the old one before every consumer has moved (docs/adr/0018-schema-evolution.md).
     *
     * @param wanted the event types to read whole; null for all, and then a type the contract does not know is malformed
     * @return the event, or empty if its type is not wanted
     * @throws MalformedEventException if the record breaks the contract: an attribute missing or invalid, a type
     *                                 that belongs on another topic, or (for a wanted type) a value that is not
     *                                 that event; with {@code wanted} null, also a type the contract does not know
     */
    public static Optional<EventEnvelope> read(String topic, Headers headers, byte[] value,
                                               Set<Class<? extends IntegrationEvent>> wanted) {
        var attributes = CloudEventAttributes.read(lookup(headers));
        var known = EventType.fromType(attributes.type());
        if (known.isEmpty() && wanted != null) {
            // A type this consumer was built without is one it does not act on, whatever its topic or value.
            return Optional.empty();
        }
        var type = known.orElseThrow(() -> new MalformedEventException("Unknown event type: " + attributes.type()));
        // Each topic has one writer and its own events: anything else on it is a stray record. A replay topic
        // carries the events of the topic it replays.
        if (!type.topic().equals(Topics.source(topic))) {
            throw new MalformedEventException("%s does not belong on topic %s".formatted(type.type(), topic));
        }
        if (wanted != null && !wanted.contains(type.javaType())) {
            return Optional.empty();
        }
        return Optional.of(new EventEnvelope(attributes.id(), attributes.source(), attributes.time(),
                EventCodec.fromJson(type.type(), value)));
    }

    /** A record's headers by name, for {@link CloudEventAttributes#read}: see {@link #header}. */
    public static Function<String, String> lookup(Headers headers) {
        return name -> header(headers, name);
    }

    /** A header's value as a string, or null: the last value wins where a name repeats, and a null value counts as none. */
    public static String header(Headers headers, String name) {
        byte[] value = null;
        for (var header : headers.headers(name)) {
            if (header.value() != null) {
                value = header.value();
            }
        }
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }
}
