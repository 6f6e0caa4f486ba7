package dev.foodorder.messaging.kafka;

import dev.foodorder.events.EventEnvelope;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Builds producer records in the contract's wire format, for code that sends without the outbox. */
public final class CloudEventRecords {

    private CloudEventRecords() {
    }

    /** A record on the event's own topic, keyed as the contract says, with the value already serialized. */
    public static ProducerRecord<String, byte[]> toRecord(EventEnvelope envelope) {
        var headers = new RecordHeaders();
        var value = new CloudEventSerializer().serialize(envelope.topic(), headers, envelope);
        return new ProducerRecord<>(envelope.topic(), null, envelope.key(), value, headers);
    }

    /** Adds string headers to a record, as the binding wants them. */
    public static void addHeaders(org.apache.kafka.common.header.Headers headers, Map<String, String> values) {
        values.forEach((name, value) -> {
            if (value != null) {
                headers.add(name, value.getBytes(StandardCharsets.UTF_8));
            }
        });
    }
}
