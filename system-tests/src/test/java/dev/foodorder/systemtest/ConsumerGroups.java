package dev.foodorder.systemtest;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * What the broker says about a consumer group: which instance holds which partitions, and how far the
 * group has read; and how far a topic goes.
 */
final class ConsumerGroups implements AutoCloseable {

    private final Admin admin;

    /** @param client where the broker is and how the stack's admin logs in ({@code KafkaProcess.adminProperties()}) */
    ConsumerGroups(Map<String, Object> client) {
        var config = new HashMap<>(client);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 4000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
        admin = Admin.create(config);
    }

    /**
     * The partitions of the topic that each instance of the group holds. An instance is known by
     * its consumers' client id ({@code spring.kafka.consumer.client-id}) without the index Spring
     * Kafka appends for each of its concurrent consumers.
     */
    Map<String, Set<Integer>> owners(String group, String topic) {
        var description = get(admin.describeConsumerGroups(List.of(group)).all()).get(group);
        var owners = new TreeMap<String, Set<Integer>>();
        for (var member : description.members()) {
            var instance = member.clientId().replaceFirst("-\\d+$", "");
            member.assignment().topicPartitions().stream()
                    .filter(partition -> partition.topic().equals(topic))
                    .forEach(partition -> owners.computeIfAbsent(instance, key -> new TreeSet<>()).add(partition.partition()));
        }
        return owners;
    }

    /** The group's committed offset on each partition of the topic: the next record it will read there. */
    Map<Integer, Long> committed(String group, String topic) {
        var committed = new TreeMap<Integer, Long>();
        get(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()).forEach((partition, offset) -> {
            if (partition.topic().equals(topic) && offset != null) {
                committed.put(partition.partition(), offset.offset());
            }
        });
        return committed;
    }

    /** The end of each partition of the topic: the offset the next record written there will get. */
    Map<Integer, Long> endOffsets(String topic) {
        var partitions = get(admin.describeTopics(List.of(topic)).allTopicNames()).get(topic).partitions().stream()
                .collect(Collectors.toMap(partition -> new TopicPartition(topic, partition.partition()), partition -> OffsetSpec.latest()));
        var ends = new TreeMap<Integer, Long>();
        get(admin.listOffsets(partitions).all()).forEach((partition, offset) -> ends.put(partition.partition(), offset.offset()));
        return ends;
    }

    @Override
    public void close() {
        admin.close();
    }

    private static <T> T get(org.apache.kafka.common.KafkaFuture<T> future) {
        try {
            return future.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("The broker did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
