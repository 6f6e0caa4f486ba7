package dev.foodorder.systemtest;

import dev.foodorder.events.CloudEventHeaders;
import dev.foodorder.infrastructure.local.SystemStack;
import dev.foodorder.infrastructure.test.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The events a consumer group has handled, by its database's memory of processed events, beyond the
 * offsets it has committed: those it will read again after a crash, and must drop as handled before.
 * Read while the service is frozen, so that neither side moves meanwhile.
 */
final class HandledNotCommitted implements AutoCloseable {

    private final String group;
    private final String topic;
    private final ConsumerGroups groups;
    private final KafkaConsumer<byte[], byte[]> reader;
    private final Connection database;

    HandledNotCommitted(RunningSystem system, String group, String topic, SystemStack.Instance service) {
        this.group = group;
        this.topic = topic;
        groups = new ConsumerGroups(system.kafkaClient());
        var config = new HashMap<>(system.kafkaClient());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        reader = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        try {
            this.database = system.connectTo(service);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The ids of the events past the group's committed offsets that its database records as
     * processed; empty if there are none, or if the committed offsets moved while they were read.
     */
    Set<UUID> events() {
        var committed = groups.committed(group, topic);
        var ends = groups.endOffsets(topic);
        var ids = eventIdsBetween(committed, ends);
        var handled = processed(ids);
        return groups.committed(group, topic).equals(committed) ? handled : Set.of();
    }

    /** Whether a transaction of the database may be committing: a frozen service's last COMMIT may still be on its way. */
    boolean databaseBusy() {
        try (var statement = database.prepareStatement("""
                SELECT count(*) FROM pg_stat_activity
                WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid()
                """); var result = statement.executeQuery()) {
            result.next();
            return result.getLong(1) > 0;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** How many events the group's database records as processed, all told. */
    long processedSoFar() {
        try (var statement = database.prepareStatement("SELECT count(*) FROM processed_event");
             var result = statement.executeQuery()) {
            result.next();
            return result.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<UUID> eventIdsBetween(Map<Integer, Long> from, Map<Integer, Long> to) {
        var partitions = to.keySet().stream().map(partition -> new TopicPartition(topic, partition)).toList();
        reader.assign(partitions);
        var remaining = new HashSet<TopicPartition>();
        for (var partition : partitions) {
            var start = from.getOrDefault(partition.partition(), 0L);
            reader.seek(partition, start);
            if (start < to.get(partition.partition())) {
                remaining.add(partition);
            }
        }
        var ids = new ArrayList<UUID>();
        var deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!remaining.isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Could not read " + topic + " up to " + to + " within 30 s");
            }
            for (var record : reader.poll(Duration.ofMillis(200))) {
                var partition = new TopicPartition(record.topic(), record.partition());
                if (record.offset() < to.get(record.partition())) {
                    var id = TopicReader.header(record, CloudEventHeaders.ID);
                    if (id != null) {
                        ids.add(UUID.fromString(id));
                    }
                }
                if (record.offset() + 1 >= to.get(record.partition())) {
                    remaining.remove(partition);
                }
            }
        }
        return ids;
    }

    private Set<UUID> processed(List<UUID> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        try (var statement = database.prepareStatement("SELECT event_id FROM processed_event WHERE event_id = ANY (?)")) {
            statement.setArray(1, database.createArrayOf("uuid", ids.toArray()));
            var handled = new HashSet<UUID>();
            try (var result = statement.executeQuery()) {
                while (result.next()) {
                    handled.add(result.getObject(1, UUID.class));
                }
            }
            return handled;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws SQLException {
        reader.close();
        groups.close();
        database.close();
    }
}
