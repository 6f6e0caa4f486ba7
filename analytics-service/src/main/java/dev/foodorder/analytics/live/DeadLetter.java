package dev.foodorder.analytics.live;

import dev.foodorder.events.CloudEventHeaders;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.support.KafkaHeaders;

import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * A record a consumer could not process and parked in a dead-letter topic, with what Spring Kafka's
 * {@code DeadLetterPublishingRecoverer} wrote about why and where from in its {@code kafka_dlt-*} headers.
 * Sent as the SSE event {@code dead-letter}.
 *
 * @param time              when it was parked
 * @param exception         the class of the root cause, which says more than the listener's wrapper around
 *                          it; the exception's own class when it has no cause
 * @param message           the exception's message
 * @param originalPartition null when the header is missing, as are the other original attributes
 * @param group             the consumer group that gave up on the record
 */
record DeadLetter(String topic, int partition, long offset, String key, String type, Instant time, String exception,
                  String message, String originalTopic, Integer originalPartition, Long originalOffset, String group) {

    static DeadLetter of(ConsumerRecord<String, byte[]> record) {
        var cause = LiveRecord.header(record, KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN);
        var exception = cause != null ? cause : LiveRecord.header(record, KafkaHeaders.DLT_EXCEPTION_FQCN);
        var originalOffset = number(record, KafkaHeaders.DLT_ORIGINAL_OFFSET);
        var originalPartition = number(record, KafkaHeaders.DLT_ORIGINAL_PARTITION);
        return new DeadLetter(record.topic(), record.partition(), record.offset(), record.key(),
                LiveRecord.header(record, CloudEventHeaders.TYPE), Instant.ofEpochMilli(record.timestamp()), exception,
                LiveRecord.header(record, KafkaHeaders.DLT_EXCEPTION_MESSAGE),
                LiveRecord.header(record, KafkaHeaders.DLT_ORIGINAL_TOPIC),
                originalPartition == null ? null : Math.toIntExact(originalPartition), originalOffset,
                LiveRecord.header(record, KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP));
    }

    /**
     * Spring Kafka writes the original partition as 4 bytes and the offset as 8, big-endian; other
     * producers may write them as text.
     */
    private static Long number(ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        if (header == null || header.value() == null) {
            return null;
        }
        var bytes = header.value();
        return switch (bytes.length) {
            case Integer.BYTES -> (long) ByteBuffer.wrap(bytes).getInt();
            case Long.BYTES -> ByteBuffer.wrap(bytes).getLong();
            default -> parse(LiveRecord.header(record, name));
        };
    }

    private static Long parse(String text) {
        try {
            return Long.valueOf(text.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
