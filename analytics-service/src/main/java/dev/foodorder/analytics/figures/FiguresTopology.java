package dev.foodorder.analytics.figures;

import dev.foodorder.analytics.streams.ExpiringStore;
import dev.foodorder.analytics.streams.JsonSerde;
import dev.foodorder.analytics.streams.LateEvents;
import dev.foodorder.analytics.streams.StateRetention;
import dev.foodorder.events.EventEnvelope;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * The figures' part of the topology: one processor on topic {@code orders}, in the partition of each
 * order, that keeps what it needs of the order and adds its events to per-minute figures and sales.
 *
 * <p>Nothing is re-keyed: each partition adds up its own orders' part of every minute, and the REST
 * view adds the partitions' parts. A topology that grouped every event under one key would copy every
 * event through a repartition topic to one partition, and pay for that on each of them.
 *
 * <p>The windows and counters are in-memory stores: their keys are a fixed few (one per minute, per
 * status, per menu item and minute), kept for an hour, so they take kilobytes of heap, and are restored
 * from their changelogs in a moment. The per-order state grows with the traffic and is in RocksDB.
 */
public final class FiguresTopology {

    static final String ORDERS = "figures-orders";
    static final String MINUTES = "figures-minutes";
    static final String SALES = "figures-item-sales";
    static final String STATUSES = "figures-orders-by-status";

    static final Duration MINUTE = Duration.ofMinutes(1);
    /** The longest span the views show: the last hour. */
    static final Duration SHOWN = Duration.ofHours(1);

    private FiguresTopology() {
    }

    public static void addTo(KStream<String, EventEnvelope> orders, FiguresProperties figures, StateRetention retention,
                             LateEvents late) {
        orders.process(new Supplier(figures, retention, late), Named.as("figures"));
    }

    private record Supplier(FiguresProperties figures, StateRetention retention, LateEvents late)
            implements ProcessorSupplier<String, EventEnvelope, Void, Void> {

        @Override
        public Processor<String, EventEnvelope, Void, Void> get() {
            return new FiguresProcessor(figures.grace(), retention, late);
        }

        @Override
        public Set<StoreBuilder<?>> stores() {
            // A window is kept for the hour shown, plus the minute in progress and the grace of its last events.
            var windows = SHOWN.plus(MINUTE).plus(figures.grace());
            var stores = new HashSet<StoreBuilder<?>>(ExpiringStore.builders(ORDERS, JsonSerde.of(OrderProgress.class)));
            // Cached: every event of a partition updates the same minute, and the cache sends one changelog
            // record per minute and commit instead of one per event.
            stores.add(Stores.windowStoreBuilder(Stores.inMemoryWindowStore(MINUTES, windows, MINUTE, false),
                    Serdes.String(), JsonSerde.of(MinuteFigures.class)).withCachingEnabled());
            stores.add(Stores.windowStoreBuilder(Stores.inMemoryWindowStore(SALES, windows, MINUTE, false),
                    Serdes.String(), JsonSerde.of(ItemSales.class)).withCachingEnabled());
            stores.add(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STATUSES), Serdes.String(), Serdes.Long())
                    .withCachingEnabled());
            return stores;
        }
    }
}
