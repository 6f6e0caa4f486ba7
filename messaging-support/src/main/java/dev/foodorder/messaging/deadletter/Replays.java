package dev.foodorder.messaging.deadletter;

import dev.foodorder.events.CloudEventHeaders;
import dev.foodorder.events.Topics;
import dev.foodorder.messaging.SqlArrays;
import dev.foodorder.messaging.kafka.CloudEventRecords;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Publishes a parked record again, at most once, to this consumer group's replay topic of the topic it came
 * from ({@link Topics#replay}), which only this group reads: the other groups handled it the first time, and
 * this service may not write a topic another service owns. Each replay is a row of
 * {@code dead_letter_replay} in this service's database, inserted in the same transaction that waits
 * for the broker to take the record. The row comes first, so a second replay of the same record (from
 * another request, or another instance) waits for the first one's transaction and then finds its row;
 * if the broker does not take the record, the transaction rolls back and the record can be replayed later.
 * A crash after the broker took the record and before the commit would leave no row, and a later replay
 * would publish it again: the group drops such a copy by its {@code ce_id}.
 */
final class Replays {

    /** Names, on a replayed record, the dead-letter record it was replayed from: {@code orders.DLT-3@17}. */
    static final String REPLAYED_FROM = "dead-letter-replayed-from";
    /** The headers the parking added; a replayed record goes out as the original did, without them. */
    private static final String PARKING_HEADERS = "kafka_dlt-";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final KafkaOperations<Object, Object> kafka;
    private final Duration sendTimeout;
    private final String group;

    /** @param group the consumer group whose replay topics the records go to: this service's */
    Replays(JdbcTemplate jdbc, TransactionTemplate transactions, KafkaOperations<Object, Object> kafka, Duration sendTimeout,
            String group) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.kafka = kafka;
        this.sendTimeout = sendTimeout;
        this.group = group;
    }

    /**
     * A parked record published again: where it was parked, what it is, where it went, when.
     *
     * @param topic     the topic it was published to again: this group's replay topic of the one it was parked from
     * @param partition its partition there, chosen by its key as for any record of that key
     * @param offset    its offset there
     */
    record Replay(String dltTopic, int dltPartition, long dltOffset, String id, String type, String topic, int partition,
                  long offset, Instant replayedAt) {
    }

    /**
     * Publishes the record to this group's replay topic of its original topic, with its key, value and
     * headers, less the parking's {@code kafka_dlt-*} headers, plus {@value #REPLAYED_FROM}; unless it was
     * replayed before.
     *
     * @return the replay; empty if the record had been replayed already
     * @throws KafkaException if the broker did not take the record: then nothing was replayed
     */
    Optional<Replay> replay(ConsumerRecord<String, byte[]> parked) {
        var position = Position.of(parked);
        var replay = transactions.execute(status -> {
            var replayedAt = jdbc.query("""
                    INSERT INTO dead_letter_replay (dlt_topic, dlt_partition, dlt_offset) VALUES (?, ?, ?)
                    ON CONFLICT DO NOTHING RETURNING replayed_at
                    """, (row, rowNum) -> instant(row, 1), position.topic(), position.partition(), position.offset());
            if (replayedAt.isEmpty()) {
                return Optional.<Replay>empty();
            }
            var sent = send(parked, position);
            return Optional.of(new Replay(position.topic(), position.partition(), position.offset(),
                    CloudEventRecords.header(parked.headers(), CloudEventHeaders.ID), CloudEventRecords.header(parked.headers(), CloudEventHeaders.TYPE),
                    sent.topic(), sent.partition(), sent.offset(), replayedAt.getFirst()));
        });
        return replay == null ? Optional.empty() : replay;
    }

    /** When each of the records at these positions was replayed, for those that were. */
    Map<Position, Instant> replayedAmong(Collection<Position> positions) {
        if (positions.isEmpty()) {
            return Map.of();
        }
        return replayed("""
                SELECT dlt_topic, dlt_partition, dlt_offset, replayed_at FROM dead_letter_replay
                WHERE (dlt_topic, dlt_partition, dlt_offset) IN (SELECT * FROM unnest(?, ?, ?))
                """, SqlArrays.of("text", positions, Position::topic), SqlArrays.of("int4", positions, Position::partition),
                SqlArrays.of("int8", positions, Position::offset));
    }

    /** Every replay of a record of these dead-letter topics. */
    Map<Position, Instant> replayedIn(Collection<String> topics) {
        return replayed("""
                SELECT dlt_topic, dlt_partition, dlt_offset, replayed_at FROM dead_letter_replay WHERE dlt_topic = ANY (?)
                """, SqlArrays.of("text", topics));
    }

    private Map<Position, Instant> replayed(String sql, Object... parameters) {
        var replayed = new HashMap<Position, Instant>();
        jdbc.query(sql, row -> {
            replayed.put(new Position(row.getString(1), row.getInt(2), row.getLong(3)), instant(row, 4));
        }, parameters);
        return replayed;
    }

    private RecordMetadata send(ConsumerRecord<String, byte[]> parked, Position position) {
        var headers = new RecordHeaders();
        for (var header : parked.headers()) {
            if (!header.key().startsWith(PARKING_HEADERS)) {
                headers.add(header);
            }
        }
        headers.add(REPLAYED_FROM, position.toString().getBytes(StandardCharsets.UTF_8));
        // By its key, as every record of the key: a topic, its dead-letter topic and its replay topics have the same
        // partitions, so that is the partition number it was parked from. No timestamp: the log stays in time order.
        var topic = Topics.replay(Topics.source(DeadLetter.originalTopic(parked)), group);
        var record = new ProducerRecord<Object, Object>(topic, null, parked.key(), parked.value(), headers);
        try {
            return kafka.send(record).get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS).getRecordMetadata();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("Interrupted while replaying " + position, e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new KafkaException("The broker did not take the replay of " + position + ": " + e.getMessage(), e);
        }
    }

    private static Instant instant(ResultSet row, int column) throws SQLException {
        return row.getObject(column, OffsetDateTime.class).toInstant();
    }
}
