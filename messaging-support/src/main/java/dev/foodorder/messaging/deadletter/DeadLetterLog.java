package dev.foodorder.messaging.deadletter;

import dev.foodorder.messaging.kafka.CloudEventRecords;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.kafka.support.KafkaHeaders;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads the dead-letter topics for the records this service's consumer group parked (their
 * {@code kafka_dlt-original-consumer-group} header names it). Each read has a consumer of its own,
 * assigned to the partitions, in no consumer group, committing nothing, closed at the end: the topics
 * are read when someone asks and once at start-up, never polled in between, so an idle service pays
 * nothing for them; and no group of ours shows a lag on a dead-letter topic.
 */
final class DeadLetterLog {

    /** How long a read may go without progress before it gives up: the broker is away. */
    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofMillis(200);

    private final Map<String, Object> consumerConfig;
    private final String group;

    /**
     * @param consumerConfig the service's consumer settings (where the broker is, how to reach it); its group
     *                       and commits are left out
     * @param group          the consumer group whose parked records are read
     */
    DeadLetterLog(Map<String, Object> consumerConfig, String group, String clientId) {
        var config = new HashMap<>(consumerConfig);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Reading a dead-letter topic that is not there must not create it (with the broker's defaults).
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) PATIENCE.toMillis());
        config.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) PATIENCE.toMillis());
        this.consumerConfig = Map.copyOf(config);
        this.group = group;
    }

    String group() {
        return group;
    }

    /**
     * Reads the topics from their first offset to their end offsets as they were when the read began,
     * and hands on the records this group parked, partition by partition in offset order.
     *
     * @return how far each partition was read: every record this group parked below these offsets was handed on
     * @throws KafkaException if the broker cannot be reached, or the read makes no progress for 10 s
     */
    Map<TopicPartition, Long> readAll(Collection<String> topics, Consumer<ConsumerRecord<String, byte[]>> each) {
        try (var consumer = consumer()) {
            var partitions = topics.stream()
                    .flatMap(topic -> consumer.partitionsFor(topic).stream())
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var end = consumer.endOffsets(partitions);
            var unread = new HashMap<>(end);
            var deadline = Instant.now().plus(PATIENCE);
            while (true) {
                unread.keySet().removeIf(partition -> consumer.position(partition) >= end.get(partition));
                if (unread.isEmpty()) {
                    return end;
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new TimeoutException("Reading " + unread.keySet() + " made no progress for " + PATIENCE);
                }
                var records = consumer.poll(POLL);
                for (var record : records) {
                    if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition())) && parkedByThisGroup(record)) {
                        each.accept(record);
                    }
                }
                if (!records.isEmpty()) {
                    // After handing them on, which may take long (a replay of each): patience is for the broker.
                    deadline = Instant.now().plus(PATIENCE);
                }
            }
        }
    }

    /** The record at this position, if it is there and this group parked it. */
    Optional<ConsumerRecord<String, byte[]>> read(Position position) {
        try (var consumer = consumer()) {
            var exists = consumer.partitionsFor(position.topic()).stream().anyMatch(info -> info.partition() == position.partition());
            if (!exists) {
                return Optional.empty();
            }
            var partition = position.topicPartition();
            var partitions = List.of(partition);
            var first = consumer.beginningOffsets(partitions).get(partition);
            var end = consumer.endOffsets(partitions).get(partition);
            if (position.offset() < first || position.offset() >= end) {
                return Optional.empty();
            }
            consumer.assign(partitions);
            consumer.seek(partition, position.offset());
            var deadline = Instant.now().plus(PATIENCE);
            while (consumer.position(partition) < end) {
                if (Instant.now().isAfter(deadline)) {
                    throw new TimeoutException("Reading " + position + " made no progress for " + PATIENCE);
                }
                var records = consumer.poll(POLL);
                if (!records.isEmpty()) {
                    // The first record at or after the offset: a later one if the offset holds none (a transaction marker).
                    var record = records.iterator().next();
                    return record.offset() == position.offset() && parkedByThisGroup(record) ? Optional.of(record) : Optional.empty();
                }
            }
            return Optional.empty();
        }
    }

    private boolean parkedByThisGroup(ConsumerRecord<?, ?> record) {
        return group.equals(CloudEventRecords.header(record.headers(), KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP));
    }

    private KafkaConsumer<String, byte[]> consumer() {
        return new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer());
    }
}
