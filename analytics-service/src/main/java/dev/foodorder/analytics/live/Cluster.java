package dev.foodorder.analytics.live;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What the live page asks Kafka's admin API: how many partitions each watched topic has, and how far
 * behind each consumer group is. One admin client, which talks to the broker only when asked.
 */
@Component
class Cluster implements DisposableBean {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final Admin admin;

    /** @param kafkaAdmin Spring Boot's, for the broker's address and security settings */
    Cluster(KafkaAdmin kafkaAdmin) {
        var config = new HashMap<>(kafkaAdmin.getConfigurationProperties());
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "analytics-live-admin");
        this.admin = Admin.create(config);
    }

    /** @param partitions 0 for a topic that does not exist yet */
    record Topic(String topic, int partitions) {
    }

    /** The watched topics, in the order the page draws them. */
    List<Topic> topics() throws InterruptedException, ExecutionException, TimeoutException {
        var described = admin.describeTopics(WatchedTopics.ALL, new DescribeTopicsOptions().timeoutMs(timeoutMs()))
                .topicNameValues();
        var topics = new ArrayList<Topic>();
        for (var name : WatchedTopics.ALL) {
            try {
                topics.add(new Topic(name, described.get(name).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).partitions().size()));
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
                topics.add(new Topic(name, 0));
            }
        }
        return topics;
    }

    /**
     * The lag of every consumer group on the partitions of the watched topics it has committed offsets
     * on: their end offsets minus the committed ones. One listing, one fetch of every group's offsets and
     * one of every partition's end, however many groups there are.
     */
    ConsumerLag lag() throws InterruptedException, ExecutionException, TimeoutException {
        var groups = admin.listGroups(ListGroupsOptions.forConsumerGroups().timeoutMs(timeoutMs()))
                .all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        var committed = committedOffsets(groups);
        var partitions = committed.values().stream().flatMap(offsets -> offsets.keySet().stream())
                .distinct().collect(Collectors.toMap(Function.identity(), partition -> OffsetSpec.latest()));
        if (partitions.isEmpty()) {
            return new ConsumerLag(List.of());
        }
        var ends = endOffsets(partitions);
        return new ConsumerLag(committed.entrySet().stream()
                .map(group -> lagOf(group.getKey(), group.getValue(), ends))
                .sorted(Comparator.comparing(ConsumerLag.Group::group))
                .toList());
    }

    /** A partition that went away with its topic since the group committed on it has no end, and no lag to show. */
    private Map<TopicPartition, Long> endOffsets(Map<TopicPartition, OffsetSpec> partitions)
            throws InterruptedException, TimeoutException {
        var result = admin.listOffsets(partitions, new ListOffsetsOptions().timeoutMs(timeoutMs()));
        var ends = new HashMap<TopicPartition, Long>();
        for (var partition : partitions.keySet()) {
            try {
                ends.put(partition, result.partitionResult(partition).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).offset());
            } catch (ExecutionException e) {
                // Deleted, or its leader is away for the moment: left out of this measurement.
            }
        }
        return ends;
    }

    /** Each group's committed offsets on the watched topics; a group without any is left out. */
    private Map<String, Map<TopicPartition, Long>> committedOffsets(Iterable<GroupListing> groups)
            throws InterruptedException, TimeoutException {
        var specs = new HashMap<String, ListConsumerGroupOffsetsSpec>();
        groups.forEach(group -> specs.put(group.groupId(), new ListConsumerGroupOffsetsSpec()));
        if (specs.isEmpty()) {
            return Map.of();
        }
        var result = admin.listConsumerGroupOffsets(specs, new ListConsumerGroupOffsetsOptions().timeoutMs(timeoutMs()));
        var committed = new HashMap<String, Map<TopicPartition, Long>>();
        for (var group : specs.keySet()) {
            try {
                var offsets = result.partitionsToOffsetAndMetadata(group).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                        .entrySet().stream()
                        .filter(offset -> offset.getValue() != null && WatchedTopics.isWatched(offset.getKey().topic()))
                        .collect(Collectors.toMap(Map.Entry::getKey, offset -> offset.getValue().offset()));
                if (!offsets.isEmpty()) {
                    committed.put(group, offsets);
                }
            } catch (ExecutionException e) {
                // The group went away between the listing and the question: it has no lag to show.
            }
        }
        return committed;
    }

    private static ConsumerLag.Group lagOf(String group, Map<TopicPartition, Long> committed, Map<TopicPartition, Long> ends) {
        var partitions = committed.entrySet().stream()
                .filter(offset -> ends.containsKey(offset.getKey()))
                .map(offset -> {
                    var partition = offset.getKey();
                    var end = ends.get(partition);
                    return new ConsumerLag.Partition(partition.topic(), partition.partition(), offset.getValue(), end,
                            Math.max(0, end - offset.getValue()));
                })
                .sorted(Comparator.comparing(ConsumerLag.Partition::topic).thenComparingInt(ConsumerLag.Partition::partition))
                .toList();
        return new ConsumerLag.Group(group, partitions.stream().mapToLong(ConsumerLag.Partition::lag).sum(), partitions);
    }

    private static int timeoutMs() {
        return Math.toIntExact(TIMEOUT.toMillis());
    }

    @Override
    public void destroy() {
        admin.close(TIMEOUT);
    }
}
