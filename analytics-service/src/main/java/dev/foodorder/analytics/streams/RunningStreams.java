package dev.foodorder.analytics.streams;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreType;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;

import java.util.Optional;

/**
 * The Kafka Streams instance that {@link StreamsBuilderFactoryBean} runs, as it starts and stops. Kept
 * from the factory's listener rather than asked of the factory: the factory holds a lock while it
 * closes the instance, and a request must not wait seconds for that to answer 503.
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
    public <T> T store(String name, QueryableStoreType<T> type) {
        var current = streams;
        var state = current == null ? "not started" : current.state().name();
        if (current == null || current.state() != KafkaStreams.State.RUNNING) {
            throw new StreamsUnavailableException("The analytics are not ready (Kafka Streams is " + state + ")");
        }
        try {
            return current.store(StoreQueryParameters.fromNameAndType(name, type));
        } catch (InvalidStateStoreException e) {
            throw new StreamsUnavailableException("The analytics are moving between instances or partitions", e);
        }
    }
}
