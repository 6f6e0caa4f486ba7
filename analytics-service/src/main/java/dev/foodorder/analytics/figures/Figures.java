package dev.foodorder.analytics.figures;

import dev.foodorder.analytics.streams.Instances;
import dev.foodorder.analytics.streams.LocalStores;
import dev.foodorder.analytics.streams.OrderStatus;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import static dev.foodorder.analytics.figures.FiguresTopology.MINUTE;

/**
 * Reads the figures of every partition, adding up what each kept: every order is counted in its own
 * partition, so the parts add up to the whole. This instance reads the partitions it holds, and asks the
 * other instances for theirs ({@link FiguresSharesController}).
 */
@Component
class Figures {

    private final LocalStores stores;
    private final Instances instances;

    Figures(LocalStores stores, Instances instances) {
        this.stores = stores;
        this.instances = instances;
    }

    /** The minutes up to the one in progress at {@code now}, oldest first. */
    FiguresView lastMinutes(Instant now, int count) {
        var last = Instant.ofEpochMilli(FiguresProcessor.minuteOf(now));
        var first = last.minus(MINUTE.multipliedBy(count - 1L));
        // The statuses are counted by the same processor as the minutes, so their partitions are in the same places.
        var figures = instances.gather(FiguresTopology.MINUTES, partitions -> share(partitions, first, last), FiguresShare.class,
                        FiguresSharesController.FIGURES, Map.of("from", first, "to", last)).stream()
                .reduce(FiguresShare.NONE, FiguresShare::plus);
        return FiguresView.of(first, last, figures);
    }

    /** The best sellers of the hour up to {@code now}. */
    TopSellersView topSellers(Instant now, int limit) {
        var last = Instant.ofEpochMilli(FiguresProcessor.minuteOf(now));
        var since = last.minus(FiguresTopology.SHOWN).plus(MINUTE);
        var sales = instances.gather(FiguresTopology.SALES, partitions -> sales(partitions, since, last), SalesShare.class,
                        FiguresSharesController.SALES, Map.of("from", since, "to", last)).stream()
                .reduce(SalesShare.NONE, SalesShare::plus);
        return TopSellersView.of(since, sales, limit);
    }

    /** The figures of the minutes from the first to the last, in the partitions given, which this instance holds. */
    FiguresShare share(Set<Integer> partitions, Instant first, Instant last) {
        return partitions.stream()
                .map(partition -> new FiguresShare(minutes(partition, first, last), ordersByStatus(partition)))
                .reduce(FiguresShare.NONE, FiguresShare::plus);
    }

    /** The sales of the minutes from the first to the last, in the partitions given, which this instance holds. */
    SalesShare sales(Set<Integer> partitions, Instant first, Instant last) {
        return partitions.stream()
                .map(partition -> sales(partition, first, last))
                .reduce(SalesShare.NONE, SalesShare::plus);
    }

    private SalesShare sales(int partition, Instant first, Instant last) {
        ReadOnlyWindowStore<String, ItemSales> store = stores.store(FiguresTopology.SALES, QueryableStoreTypes.windowStore(), partition);
        var byItem = new HashMap<String, ItemSales>();
        try (var windows = store.fetchAll(first, last)) {
            windows.forEachRemaining(window -> byItem.merge(window.key.key(), window.value, ItemSales::plus));
        }
        return new SalesShare(byItem);
    }

    private Map<Instant, MinuteFigures> minutes(int partition, Instant first, Instant last) {
        ReadOnlyWindowStore<String, MinuteFigures> store = stores.store(FiguresTopology.MINUTES, QueryableStoreTypes.windowStore(), partition);
        var byMinute = new HashMap<Instant, MinuteFigures>();
        try (var windows = store.fetchAll(first, last)) {
            windows.forEachRemaining(window -> byMinute.merge(window.key.window().startTime(), window.value, MinuteFigures::plus));
        }
        return byMinute;
    }

    private Map<OrderStatus, Long> ordersByStatus(int partition) {
        ReadOnlyKeyValueStore<String, Long> store = stores.store(FiguresTopology.STATUSES, QueryableStoreTypes.keyValueStore(), partition);
        var byStatus = new EnumMap<OrderStatus, Long>(OrderStatus.class);
        try (var counts = store.all()) {
            counts.forEachRemaining(count -> byStatus.merge(OrderStatus.valueOf(count.key), count.value, Long::sum));
        }
        return byStatus;
    }
}
