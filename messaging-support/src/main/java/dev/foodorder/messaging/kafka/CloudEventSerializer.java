package dev.foodorder.messaging.kafka;

import dev.foodorder.events.EventCodec;
import dev.foodorder.events.EventEnvelope;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes an {@link EventEnvelope} in CloudEvents binary mode: the event's JSON as the value and
 * its attributes as string headers. Headers already on the record (a dead-letter copy keeps the
 * original ones) are left as they are.
 */
public class CloudEventSerializer implements Serializer<EventEnvelope> {

    @Override
    public byte[] serialize(String topic, EventEnvelope envelope) {
        return envelope == null ? null : EventCodec.toJson(envelope.data());
    }

    @Override
    public byte[] serialize(String topic, Headers headers, EventEnvelope envelope) {
        if (envelope == null) {
            return null;
        }
        CloudEventRecords.addHeaders(headers, envelope.headers());
        return serialize(topic, envelope);
    }
}
