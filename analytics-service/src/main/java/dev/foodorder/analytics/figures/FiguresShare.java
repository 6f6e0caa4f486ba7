package dev.foodorder.analytics.figures;

import dev.foodorder.analytics.streams.OrderStatus;

import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * What some partitions hold of the figures: each minute's counts and histogram, and the orders by status, still
 * to be added up with the other partitions' before anything is derived from them. So the percentiles are
 * estimated from the histograms of all partitions added up: percentiles of parts do not average into the
 * whole's.
 *
 * @param minutes        by the minute's start
 * @param ordersByStatus every status, in the order of {@link OrderStatus}, as the view lists them
 */
record FiguresShare(Map<Instant, MinuteFigures> minutes, Map<OrderStatus, Long> ordersByStatus) {

    static final FiguresShare NONE = new FiguresShare(Map.of(), Map.of());

    FiguresShare plus(FiguresShare other) {
        var addedMinutes = new HashMap<>(minutes);
        other.minutes.forEach((minute, figures) -> addedMinutes.merge(minute, figures, MinuteFigures::plus));
        var addedStatuses = new EnumMap<OrderStatus, Long>(OrderStatus.class);
        for (var status : OrderStatus.values()) {
            addedStatuses.put(status, ordersByStatus.getOrDefault(status, 0L) + other.ordersByStatus.getOrDefault(status, 0L));
        }
        return new FiguresShare(addedMinutes, addedStatuses);
    }
}
