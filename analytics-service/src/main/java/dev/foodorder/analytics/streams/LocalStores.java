package dev.foodorder.analytics.streams;

import org.apache.kafka.streams.state.QueryableStoreType;

/**
 * The state stores of this instance, for the REST views to read (interactive queries), one partition at a
 * time: the views read exactly the partitions {@link Instances} places here, so that a partition that moved
 * away meanwhile fails the read instead of being left out of the sum, or counted twice.
 */
public interface LocalStores {

    /**
     * @throws StreamsUnavailableException while the stores cannot be read: starting, rebalancing, stopped. A
     *                                     partition not held here fails when the store is read, with an
     *                                     {@code InvalidStateStoreException}, which is answered as 503 as well.
     */
    <T> T store(String name, QueryableStoreType<T> type, int partition);
}
