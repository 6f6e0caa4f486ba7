package dev.foodorder.messaging.kafka;

import dev.foodorder.events.EventCodec;
import dev.foodorder.events.EventEnvelope;
import dev.foodorder.events.MalformedEventException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads a CloudEvents binary-mode record into an {@link EventEnvelope}. A record that breaks the
 * contract throws {@link MalformedEventException}; wrapped in Spring Kafka's
 * {@code ErrorHandlingDeserializer} it goes to the dead-letter topic without a retry.
 */
public class CloudEventDeserializer implements Deserializer<EventEnvelope> {

    @Override
    public EventEnvelope deserialize(String topic, byte[] data) {
        throw new MalformedEventException("A CloudEvents record needs its headers");
    }

    @Override
    public EventEnvelope deserialize(String topic, Headers headers, byte[] data) {
        var envelope = EventCodec.read(CloudEventRecords.lookup(headers), data);
        // Each topic has one writer and its own events: anything else on it is a stray record.
        if (!envelope.topic().equals(topic)) {
            throw new MalformedEventException("%s does not belong on topic %s".formatted(envelope.type().type(), topic));
        }
        return envelope;
    }
}
