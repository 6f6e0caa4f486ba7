package dev.foodorder.analytics.figures;

import dev.foodorder.analytics.streams.LocalStores;
import dev.foodorder.analytics.streams.OrderStatus;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import static dev.foodorder.analytics.figures.FiguresTopology.MINUTE;

/**
 * Reads the figures from this instance's stores, adding up what each partition kept: every order is
 * counted in its own partition, so the parts add up to the whole.
 */
@Component
class Figures {

    private final LocalStores stores;

    Figures(LocalStores stores) {
        this.stores = stores;
    }

    /** The minutes up to the one in progress at {@code now}, oldest first. */
    FiguresView lastMinutes(Instant now, int count) {
        var last = Instant.ofEpochMilli(FiguresProcessor.minuteOf(now));
        var first = last.minus(MINUTE.multipliedBy(count - 1L));
        var kept = minutes(first, last);
        var minutes = Stream.iterate(first, minute -> !minute.isAfter(last), minute -> minute.plus(MINUTE))
                .map(minute -> FiguresView.Minute.of(minute, kept.getOrDefault(minute, MinuteFigures.NONE)))
                .toList();
        var totals = new FiguresView.Totals(
                minutes.stream().mapToInt(FiguresView.Minute::placed).sum(),
                minutes.stream().mapToInt(FiguresView.Minute::confirmed).sum(),
                minutes.stream().mapToInt(FiguresView.Minute::rejected).sum(),
                minutes.stream().mapToInt(FiguresView.Minute::cancelled).sum());
        return new FiguresView(minutes, totals, rejectionRate(totals), ordersByStatus());
    }

    /** The best sellers of the hour up to {@code now}. */
    TopSellersView topSellers(Instant now, int limit) {
        var last = Instant.ofEpochMilli(FiguresProcessor.minuteOf(now));
        var since = last.minus(FiguresTopology.SHOWN).plus(MINUTE);
        ReadOnlyWindowStore<String, ItemSales> store = stores.store(FiguresTopology.SALES, QueryableStoreTypes.windowStore());
        var byItem = new HashMap<String, ItemSales>();
        try (var windows = store.fetchAll(since, last)) {
            windows.forEachRemaining(window -> byItem.merge(window.key.key(), window.value, ItemSales::plus));
        }
        var items = byItem.values().stream()
                .filter(sold -> sold.quantity() > 0)
                .sorted(Comparator.comparing(ItemSales::revenue).reversed().thenComparing(ItemSales::sku))
                .limit(limit)
                .map(sold -> new TopSellersView.Item(sold.sku(), sold.name(), sold.quantity(), sold.revenue(), sold.currency()))
                .toList();
        return new TopSellersView(since, items);
    }

    private Map<Instant, MinuteFigures> minutes(Instant first, Instant last) {
        ReadOnlyWindowStore<String, MinuteFigures> store = stores.store(FiguresTopology.MINUTES, QueryableStoreTypes.windowStore());
        var byMinute = new HashMap<Instant, MinuteFigures>();
        try (var windows = store.fetchAll(first, last)) {
            windows.forEachRemaining(window -> byMinute.merge(window.key.window().startTime(), window.value, MinuteFigures::plus));
        }
        return byMinute;
    }

    private Map<OrderStatus, Long> ordersByStatus() {
        ReadOnlyKeyValueStore<String, Long> store = stores.store(FiguresTopology.STATUSES, QueryableStoreTypes.keyValueStore());
        var byStatus = new EnumMap<OrderStatus, Long>(OrderStatus.class);
        for (var status : OrderStatus.values()) {
            byStatus.put(status, 0L);
        }
        try (var counts = store.all()) {
            counts.forEachRemaining(count -> byStatus.merge(OrderStatus.valueOf(count.key), count.value, Long::sum));
        }
        return byStatus;
    }

    private static Double rejectionRate(FiguresView.Totals totals) {
        var settled = totals.confirmed() + totals.rejected();
        return settled == 0 ? null : (double) totals.rejected() / settled;
    }
}
