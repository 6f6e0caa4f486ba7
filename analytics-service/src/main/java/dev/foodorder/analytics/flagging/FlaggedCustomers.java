package dev.foodorder.analytics.flagging;

import dev.foodorder.analytics.streams.LocalStores;
import dev.foodorder.events.customer.CustomerFlagged;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Reads the customers flagged in the last day (analytics.state.retention) from this instance's stores. */
@Component
class FlaggedCustomers {

    private final LocalStores stores;

    FlaggedCustomers(LocalStores stores) {
        this.stores = stores;
    }

    List<FlaggedCustomer> newestFirst(int limit) {
        ReadOnlyKeyValueStore<String, CustomerFlagged> store = stores.store(FlaggingTopology.FLAGGED, QueryableStoreTypes.keyValueStore());
        var flagged = new ArrayList<CustomerFlagged>();
        try (var all = store.all()) {
            all.forEachRemaining(entry -> flagged.add(entry.value));
        }
        return flagged.stream()
                .sorted(Comparator.comparing(CustomerFlagged::flaggedAt).reversed().thenComparing(CustomerFlagged::customerId))
                .limit(limit)
                .map(FlaggedCustomer::of)
                .toList();
    }
}
