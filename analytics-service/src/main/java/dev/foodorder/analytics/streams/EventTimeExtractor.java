package dev.foodorder.analytics.streams;

import dev.foodorder.events.CloudEventHeaders;
import dev.foodorder.events.EventEnvelope;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Gives each record the time its event happened ({@code ce_time}) rather than the time it was written:
 * the outbox may publish an event seconds after the fact, or again after a crash, and a minute's figures
 * must not move with that. A record without a readable {@code ce_time} keeps the record's own timestamp.
 */
public final class EventTimeExtractor implements TimestampExtractor {

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        if (record.value() instanceof EventEnvelope envelope) {
            return envelope.time().toEpochMilli();
        }
        var time = EventEnvelopeSerde.header(record.headers(), CloudEventHeaders.TIME);
        if (time != null) {
            try {
                return Instant.parse(time).toEpochMilli();
            } catch (DateTimeParseException e) {
                // Falls back to the record's timestamp below.
            }
        }
        // A negative time would make Kafka Streams drop the record; the partition's time keeps it in order.
        return record.timestamp() >= 0 ? record.timestamp() : partitionTime;
    }
}
