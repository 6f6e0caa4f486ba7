package dev.foodorder.analytics.timeline;

import dev.foodorder.analytics.streams.Instances;
import dev.foodorder.analytics.streams.LocalStores;
import dev.foodorder.events.OrderId;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * Reads timelines where they are kept: an order's timeline is in the partition of its id, which one instance
 * of the application holds. Read here if that is this one, else asked of that one.
 */
@Component
class Timelines {

    private final LocalStores stores;
    private final Instances instances;

    Timelines(LocalStores stores, Instances instances) {
        this.stores = stores;
        this.instances = instances;
    }

    Optional<TimelineView> of(OrderId orderId) {
        var location = instances.locate(TimelineTopology.TIMELINES, orderId.toString());
        if (!location.local()) {
            return instances.ask(location.instance(), TimelineView.class, TimelineController.TIMELINE, orderId.value());
        }
        return read(orderId, location.partition());
    }

    /**
     * Reads a timeline here, for a request another instance forwarded: if this instance does not hold it (any
     * more), the answer is 503, and the client's retry finds where it went.
     */
    Optional<TimelineView> ofForwarded(OrderId orderId) {
        return read(orderId, instances.locate(TimelineTopology.TIMELINES, orderId.toString()).partition());
    }

    private Optional<TimelineView> read(OrderId orderId, int partition) {
        ReadOnlyKeyValueStore<String, Timeline> store =
                stores.store(TimelineTopology.TIMELINES, QueryableStoreTypes.keyValueStore(), partition);
        return Optional.ofNullable(store.get(orderId.toString())).map(timeline -> TimelineView.of(orderId.value(), timeline));
    }
}
