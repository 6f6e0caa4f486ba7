package dev.foodorder.analytics.streams;

import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreType;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The Kafka Streams instance that {@link StreamsBuilderFactoryBean} runs, as it starts and stops: its stores,
 * and its metadata of where the partitions of every store are. Kept from the factory's listener rather than
 * asked of the factory: the factory holds a lock while it closes the instance, and a request must not wait
 * seconds for that to answer 503.
 */
public final class RunningStreams implements LocalStores, StreamsBuilderFactoryBean.Listener {

    private volatile KafkaStreams streams;

    @Override
    public void streamsAdded(String id, KafkaStreams added) {
        streams = added;
    }

    @Override
    public void streamsRemoved(String id, KafkaStreams removed) {
        if (streams == removed) {
            streams = null;
        }
    }

    /** The instance's state; empty before it started and after it stopped. */
    public Optional<KafkaStreams.State> state() {
        return Optional.ofNullable(streams).map(KafkaStreams::state);
    }

    @Override
    public <T> T store(String name, QueryableStoreType<T> type, int partition) {
        try {
            return running().store(StoreQueryParameters.fromNameAndType(name, type).withPartition(partition));
        } catch (InvalidStateStoreException e) {
            throw new StreamsUnavailableException("The analytics are moving between instances or partitions", e);
        }
    }

    /** The partition of a store that holds the key (a string, as on the topics), and the instance that holds it. */
    KeyQueryMetadata metadataForKey(String store, String key) {
        return metadata(() -> running().queryMetadataForKey(store, key, new StringSerializer()), store);
    }

    /**
     * The partitions of a store by the instance that holds them, one partition after the other: a whole store
     * is the sum of its partitions, and a partition with no instance (moving, or its instance gone) is not
     * skipped but makes the whole unavailable.
     */
    Map<HostInfo, Set<Integer>> partitionsByInstance(String store) {
        var current = running();
        var byInstance = new HashMap<HostInfo, Set<Integer>>();
        var partitions = 1;
        for (var number = 0; number < partitions; number++) {
            var partition = new Partition(number);
            var metadata = metadata(() -> current.queryMetadataForKey(store, store, partition), store);
            byInstance.computeIfAbsent(metadata.activeHost(), instance -> new TreeSet<>()).add(number);
            partitions = partition.of;
        }
        return byInstance;
    }

    private KafkaStreams running() {
        var current = streams;
        if (current == null || current.state() != KafkaStreams.State.RUNNING) {
            var state = current == null ? "not started" : current.state().name();
            throw new StreamsUnavailableException("The analytics are not ready (Kafka Streams is " + state + ")");
        }
        return current;
    }

    /**
     * Metadata whose partition has an instance: none while Kafka Streams has yet to learn the assignment, or
     * the partition is between instances. Asking fails as well if the instance stops in the meantime.
     */
    private static KeyQueryMetadata metadata(Supplier<KeyQueryMetadata> query, String store) {
        KeyQueryMetadata metadata;
        try {
            metadata = query.get();
        } catch (IllegalStateException | InvalidStateStoreException e) {
            throw new StreamsUnavailableException("The analytics are not ready (Kafka Streams is stopping)", e);
        }
        if (metadata == null) {
            throw new IllegalArgumentException("The topology has no store " + store);
        }
        if (metadata.activeHost().equals(HostInfo.unavailable())) {
            throw new StreamsUnavailableException("The analytics are moving between instances or partitions");
        }
        return metadata;
    }

    /**
     * Places any key in one partition, to ask Kafka Streams who holds that partition of a store. Kafka Streams
     * tells it how many partitions the store has (those of its source topics), so the first one asked also
     * tells how many to ask about.
     */
    private static final class Partition implements StreamPartitioner<String, Void> {

        private final int number;
        private int of;

        Partition(int number) {
            this.number = number;
        }

        @Override
        public Optional<Set<Integer>> partitions(String topic, String key, Void value, int numPartitions) {
            of = numPartitions;
            return Optional.of(Set.of(number));
        }
    }
}
