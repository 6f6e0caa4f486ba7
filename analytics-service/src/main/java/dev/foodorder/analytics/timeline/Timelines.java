package dev.foodorder.analytics.timeline;

import dev.foodorder.analytics.streams.LocalStores;
import dev.foodorder.events.OrderId;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.springframework.stereotype.Component;

import java.util.Optional;

/** Reads timelines from this instance's stores; an order's timeline is in the partition of its id. */
@Component
class Timelines {

    private final LocalStores stores;

    Timelines(LocalStores stores) {
        this.stores = stores;
    }

    Optional<TimelineView> of(OrderId orderId) {
        ReadOnlyKeyValueStore<String, Timeline> store = stores.store(TimelineTopology.TIMELINES, QueryableStoreTypes.keyValueStore());
        return Optional.ofNullable(store.get(orderId.toString())).map(timeline -> TimelineView.of(orderId.value(), timeline));
    }
}
