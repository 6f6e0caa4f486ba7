package dev.foodorder.analytics.streams;

import org.apache.kafka.streams.state.QueryableStoreType;

/**
 * The state stores of this instance, for the REST views to read (interactive queries). A store read
 * here covers every partition this instance holds: {@code all()} and {@code fetchAll()} go through all
 * of them, so a view that adds up per-partition figures reads each partition's part once.
 */
public interface LocalStores {

    /** @throws StreamsUnavailableException while the stores cannot be read: starting, rebalancing, stopped */
    <T> T store(String name, QueryableStoreType<T> type);
}
