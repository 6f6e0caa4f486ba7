package dev.foodorder.messaging.deadletter;

import dev.foodorder.events.CloudEventHeaders;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.springframework.kafka.support.KafkaHeaders;

import java.nio.ByteBuffer;
import java.time.Instant;

import static dev.foodorder.messaging.kafka.CloudEventRecords.header;

/**
 * A record this service's consumer group parked, as the operator API lists it: where it is parked and
 * when, what it is, where it came from and why it failed (the {@code kafka_dlt-*} headers that
 * {@code DeadLetterTopics.parking} writes), and whether it was replayed.
 *
 * @param parkedAt          the dead-letter record's timestamp: when it was parked
 * @param type              its CloudEvents type ({@code ce_type}), null if it had none
 * @param id                its CloudEvents id ({@code ce_id}), by which every consumer recognises it again
 * @param originalTimestamp when it was first published to its topic
 * @param exception         the root cause's class, as the listener failed
 * @param message           the failure's message, cut to {@value #MESSAGE_LENGTH} characters
 * @param replayedAt        when this service replayed it; null while it waits
 */
record DeadLetter(String dltTopic, int partition, long offset, Instant parkedAt, String key, String type, String id,
                  String originalTopic, Integer originalPartition, Long originalOffset, Instant originalTimestamp,
                  String exception, String message, boolean replayed, Instant replayedAt) {

    /** A message with a SQL statement or a value in it can be long; the whole of it is in the record's headers. */
    static final int MESSAGE_LENGTH = 500;

    static DeadLetter of(ConsumerRecord<String, byte[]> record, Instant replayedAt) {
        var headers = record.headers();
        var cause = header(headers, KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN);
        var message = header(headers, KafkaHeaders.DLT_EXCEPTION_MESSAGE);
        var originalTimestamp = number(headers, KafkaHeaders.DLT_ORIGINAL_TIMESTAMP);
        var originalPartition = number(headers, KafkaHeaders.DLT_ORIGINAL_PARTITION);
        return new DeadLetter(record.topic(), record.partition(), record.offset(), Instant.ofEpochMilli(record.timestamp()),
                record.key(), header(headers, CloudEventHeaders.TYPE), header(headers, CloudEventHeaders.ID),
                originalTopic(record), originalPartition == null ? null : originalPartition.intValue(),
                number(headers, KafkaHeaders.DLT_ORIGINAL_OFFSET),
                originalTimestamp == null ? null : Instant.ofEpochMilli(originalTimestamp),
                cause != null ? cause : header(headers, KafkaHeaders.DLT_EXCEPTION_FQCN),
                message == null || message.length() <= MESSAGE_LENGTH ? message : message.substring(0, MESSAGE_LENGTH) + "…",
                replayedAt != null, replayedAt);
    }

    Position position() {
        return new Position(dltTopic, partition, offset);
    }

    /** The topic the record was parked from: named by its header, or else by the dead-letter topic's name. */
    static String originalTopic(ConsumerRecord<?, ?> record) {
        var named = header(record.headers(), KafkaHeaders.DLT_ORIGINAL_TOPIC);
        if (named != null) {
            return named;
        }
        var suffix = record.topic().lastIndexOf(".DLT");
        return suffix > 0 ? record.topic().substring(0, suffix) : record.topic();
    }

    /**
     * Spring Kafka writes the original partition, offset and timestamp as big-endian binary numbers
     * (4 bytes for the partition, 8 for the others), not as text.
     */
    private static Long number(Headers headers, String name) {
        var header = headers.lastHeader(name);
        if (header == null || header.value() == null) {
            return null;
        }
        var bytes = header.value();
        return switch (bytes.length) {
            case Integer.BYTES -> (long) ByteBuffer.wrap(bytes).getInt();
            case Long.BYTES -> ByteBuffer.wrap(bytes).getLong();
            default -> null;
        };
    }
}
