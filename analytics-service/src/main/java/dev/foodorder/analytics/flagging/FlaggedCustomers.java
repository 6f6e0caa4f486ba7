package dev.foodorder.analytics.flagging;

import dev.foodorder.analytics.streams.Instances;
import dev.foodorder.analytics.streams.LocalStores;
import dev.foodorder.events.customer.CustomerFlagged;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the customers flagged in the last day (analytics.state.retention) from every partition: a customer's
 * flag is in the partition of the customer. This instance reads the partitions it holds, and asks the other
 * instances for theirs ({@link FlaggedCustomersSharesController}).
 */
@Component
class FlaggedCustomers {

    private static final Comparator<FlaggedCustomer> NEWEST_FIRST =
            Comparator.comparing(FlaggedCustomer::flaggedAt).reversed().thenComparing(FlaggedCustomer::customerId);

    private final LocalStores stores;
    private final Instances instances;

    FlaggedCustomers(LocalStores stores, Instances instances) {
        this.stores = stores;
        this.instances = instances;
    }

    List<FlaggedCustomer> newestFirst(int limit) {
        return instances.gather(FlaggingTopology.FLAGGED, partitions -> share(partitions, limit), FlaggedCustomersShare.class,
                        FlaggedCustomersSharesController.FLAGGED, Map.of("limit", limit)).stream()
                .flatMap(share -> share.newestFirst().stream())
                .sorted(NEWEST_FIRST)
                .limit(limit)
                .toList();
    }

    /** The newest of the partitions given, which this instance holds: the newest of all are among them. */
    FlaggedCustomersShare share(Set<Integer> partitions, int limit) {
        var flagged = new ArrayList<FlaggedCustomer>();
        for (var partition : partitions) {
            ReadOnlyKeyValueStore<String, CustomerFlagged> store =
                    stores.store(FlaggingTopology.FLAGGED, QueryableStoreTypes.keyValueStore(), partition);
            try (var all = store.all()) {
                all.forEachRemaining(entry -> flagged.add(FlaggedCustomer.of(entry.value)));
            }
        }
        return new FlaggedCustomersShare(flagged.stream().sorted(NEWEST_FIRST).limit(limit).toList());
    }
}
