package dev.foodorder.analytics.streams;

import dev.foodorder.events.CloudEventHeaders;
import dev.foodorder.events.EventCodec;
import dev.foodorder.events.EventEnvelope;
import dev.foodorder.events.EventType;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Records of the contract in CloudEvents binary mode: the attributes in the headers, the event's JSON
 * as the value. Reading needs the headers, so only {@code deserialize(topic, headers, data)} reads
 * anything; Kafka Streams calls that one for every source record.
 *
 * <p>A record that cannot be read becomes {@code null} (which {@link EventStreams} filters out) and is
 * counted in {@link SkippedRecords}: a read side that stopped at the first record it does not
 * understand would stop every figure with it.
 */
public final class EventEnvelopeSerde implements Serde<EventEnvelope> {

    private static final Logger log = LoggerFactory.getLogger(EventEnvelopeSerde.class);

    /** Every header the contract's binding defines. */
    private static final List<String> ATTRIBUTES = List.of(CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.ID,
            CloudEventHeaders.SOURCE, CloudEventHeaders.TYPE, CloudEventHeaders.TIME, CloudEventHeaders.SUBJECT,
            CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.TRACEPARENT);

    private final SkippedRecords skipped;

    public EventEnvelopeSerde(SkippedRecords skipped) {
        this.skipped = skipped;
    }

    @Override
    public Serializer<EventEnvelope> serializer() {
        return new Writer();
    }

    @Override
    public Deserializer<EventEnvelope> deserializer() {
        return new Reader(skipped);
    }

    /**
     * A header's value as a string, or null: the last value wins where a name repeats, as on the producers' side.
     * The one way this service reads a header, in the topology and on the live page alike.
     */
    public static String header(Headers headers, String name) {
        byte[] value = null;
        for (var header : headers.headers(name)) {
            if (header.value() != null) {
                value = header.value();
            }
        }
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    private static final class Writer implements Serializer<EventEnvelope> {

        @Override
        public byte[] serialize(String topic, EventEnvelope envelope) {
            throw new UnsupportedOperationException("A CloudEvent in binary mode needs the record's headers");
        }

        /**
         * Replaces whatever attributes the record already has: a record inherits the headers of the one it was
         * made from, and an attribute of that event (its type above all, or its trace) must not describe this one.
         */
        @Override
        public byte[] serialize(String topic, Headers headers, EventEnvelope envelope) {
            if (envelope == null) {
                return null;
            }
            ATTRIBUTES.forEach(headers::remove);
            envelope.headers().forEach((name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
            return EventCodec.toJson(envelope.data());
        }
    }

    private record Reader(SkippedRecords skipped) implements Deserializer<EventEnvelope> {

        @Override
        public EventEnvelope deserialize(String topic, byte[] data) {
            return deserialize(topic, new RecordHeaders(), data);
        }

        @Override
        public EventEnvelope deserialize(String topic, Headers headers, byte[] data) {
            var type = header(headers, CloudEventHeaders.TYPE);
            if (type != null && EventType.fromType(type).isEmpty()) {
                // Expected while a producer rolls out a new version: the counter shows it, the log need not.
                log.debug("Skipped a record of unknown type {} on {}", type, topic);
                return skip(topic, SkippedRecords.UNKNOWN_TYPE);
            }
            try {
                var envelope = EventCodec.read(name -> header(headers, name), data);
                if (!envelope.topic().equals(topic)) {
                    log.warn("Skipped a record of type {} on {}, where it does not belong", type, topic);
                    return skip(topic, SkippedRecords.WRONG_TOPIC);
                }
                return envelope;
            } catch (RuntimeException e) {
                // MalformedEventException, and whatever an event's own invariants throw: all mean a broken record.
                log.warn("Skipped a malformed record on {}: {}", topic, e.getMessage());
                return skip(topic, SkippedRecords.MALFORMED);
            }
        }

        private EventEnvelope skip(String topic, String reason) {
            skipped.count(topic, reason);
            return null;
        }
    }
}
