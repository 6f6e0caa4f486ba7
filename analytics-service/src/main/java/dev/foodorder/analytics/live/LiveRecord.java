package dev.foodorder.analytics.live;

import dev.foodorder.analytics.streams.EventEnvelopeSerde;
import dev.foodorder.events.CloudEventHeaders;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * One record as the live page shows it: where it sits in the log (topic, partition, offset), its key,
 * what happened (the CloudEvents type) and a line a person can read. Sent as the SSE event {@code record}.
 *
 * @param type    the {@code ce_type}, or null for a record that has none
 * @param time    the {@code ce_time}, or the record's own timestamp when it has none
 * @param source  the {@code ce_source}, or null
 * @param summary a short human text made from the value, such as "c-42 placed 3 items, 24.50 EUR"
 */
record LiveRecord(String topic, int partition, long offset, String key, String type, Instant time, String source,
                  String summary) {

    static LiveRecord of(ConsumerRecord<String, byte[]> record) {
        var type = header(record, CloudEventHeaders.TYPE);
        return new LiveRecord(record.topic(), record.partition(), record.offset(), record.key(), type, timeOf(record),
                header(record, CloudEventHeaders.SOURCE), Summaries.of(type, record.value()));
    }

    /** A header's value as UTF-8 text, as the CloudEvents binding writes them, read as the topology reads it. */
    static String header(ConsumerRecord<?, ?> record, String name) {
        return EventEnvelopeSerde.header(record.headers(), name);
    }

    private static Instant timeOf(ConsumerRecord<?, ?> record) {
        var time = header(record, CloudEventHeaders.TIME);
        if (time != null) {
            try {
                return Instant.parse(time);
            } catch (DateTimeParseException e) {
                // A broken ce_time is worth showing in the dead letters, not worth losing the record over.
            }
        }
        return Instant.ofEpochMilli(record.timestamp());
    }
}
