package dev.foodorder.analytics.flagging;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A customer's recent orders, as the flagging rule needs them.
 *
 * <p>A burst is a run of orders, each placed within the rule's window of the one before. A burst in which
 * more than the allowed number of orders fall within one window is flagged once, at the first order (in
 * event time) that crossed the limit; so the same orders flag the same customer at the same moment,
 * whatever order they arrive in.
 *
 * @param placements by time: the orders after the last flagged burst that may still share a window with an
 *                   order yet to come
 * @param burstUntil when the latest order of the last flagged burst was placed; null if none was flagged
 * @param touchedAt  the stream time of the last change, from which the state expires
 */
record CustomerActivity(List<PlacedOrder> placements, Instant burstUntil, Instant touchedAt) {

    static final CustomerActivity NONE = new CustomerActivity(List.of(), null, null);

    /**
     * Forgets the orders of the flagged burst: they can start no new burst, and one of them delivered again
     * falls within the burst, which it leaves as it was. So a customer who keeps ordering too often, the very
     * one this rule is for, keeps a short state that each of their orders reads and writes whole, instead of
     * every order of the last 40 seconds (at 5 orders a second, 200 of them).
     */
    CustomerActivity {
        if (burstUntil != null) {
            placements = placements.stream().filter(placed -> placed.placedAt().isAfter(burstUntil)).toList();
        }
    }

    record PlacedOrder(String orderId, Instant placedAt) {
    }

    /**
     * The orders that crossed the limit.
     *
     * @param orders how many orders were placed from the first to the one that crossed the limit
     */
    record Burst(Instant firstPlacedAt, Instant flaggedAt, int orders) {
    }

    boolean has(String orderId) {
        return placements.stream().anyMatch(placed -> placed.orderId().equals(orderId));
    }

    /** Whether an order placed then belongs to the burst already flagged. */
    boolean inFlaggedBurst(Instant placedAt, Duration within) {
        return burstUntil != null && !placedAt.isAfter(burstUntil.plus(within));
    }

    /**
     * With one more order, and without those placed before {@code keepFrom}: no order that may still
     * arrive (within the grace) can share a window with them.
     */
    CustomerActivity with(PlacedOrder order, Instant keepFrom) {
        var kept = new ArrayList<PlacedOrder>();
        for (var placed : placements) {
            if (!placed.placedAt().isBefore(keepFrom)) {
                kept.add(placed);
            }
        }
        kept.add(order);
        kept.sort(Comparator.comparing(PlacedOrder::placedAt));
        return new CustomerActivity(List.copyOf(kept), burstUntil, touchedAt);
    }

    /** The first window, after the burst already flagged, with more than {@code maxOrders} orders. */
    Optional<Burst> firstBurst(int maxOrders, Duration within) {
        var candidates = placements.stream()
                .filter(placed -> burstUntil == null || placed.placedAt().isAfter(burstUntil))
                .map(PlacedOrder::placedAt)
                .toList();
        for (var first = 0; first + maxOrders < candidates.size(); first++) {
            var from = candidates.get(first);
            var crossing = candidates.get(first + maxOrders);
            if (!crossing.isAfter(from.plus(within))) {
                var orders = (int) candidates.stream().filter(time -> !time.isBefore(from) && !time.isAfter(crossing)).count();
                return Optional.of(new Burst(from, crossing, orders));
            }
        }
        return Optional.empty();
    }

    /** The orders known now make a flagged burst, which lasts as long as orders keep coming within the window. */
    CustomerActivity flagged() {
        return new CustomerActivity(placements, placements.getLast().placedAt(), touchedAt);
    }

    CustomerActivity extendBurst(Instant placedAt) {
        var until = placedAt.isAfter(burstUntil) ? placedAt : burstUntil;
        return new CustomerActivity(placements, until, touchedAt);
    }

    CustomerActivity touched(Instant streamTime) {
        return new CustomerActivity(placements, burstUntil, streamTime);
    }
}
