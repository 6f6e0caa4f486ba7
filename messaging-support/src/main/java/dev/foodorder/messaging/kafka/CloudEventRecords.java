package dev.foodorder.messaging.kafka;

import dev.foodorder.events.CloudEventAttributes;
import dev.foodorder.events.EventEnvelope;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;

/**
 * Where the contract's headers meet Kafka's: {@link CloudEventAttributes} makes them name and
 * string pairs, this class puts those on a record and takes them off again, as UTF-8 bytes.
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
