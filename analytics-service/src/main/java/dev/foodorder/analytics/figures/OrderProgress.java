package dev.foodorder.analytics.figures;

import dev.foodorder.analytics.streams.OrderStatus;
import dev.foodorder.events.order.OrderPlaced;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What the figures remember of one order between its events: OrderConfirmed carries no lines, so they
 * are kept from OrderPlaced until the order is settled; a cancellation of a confirmed order finds them here.
 *
 * @param status       null for an order not seen yet
 * @param placedAt     null if its placement was not seen (placed before the figures kept state, or purged since)
 * @param lines        kept while a cancellation may still take them back; empty once the order is final
 * @param soldInMinute the minute whose sales hold this order's lines; null if they were never added
 * @param touchedAt    the stream time of the last change, from which the retention counts
 */
record OrderProgress(OrderStatus status, Instant placedAt, List<OrderPlaced.Line> lines, String currency,
                     Instant soldInMinute, Instant touchedAt) {

    static final OrderProgress NOT_SEEN = new OrderProgress(null, null, List.of(), null, null, null);

    static OrderProgress placed(OrderPlaced placed) {
        return new OrderProgress(OrderStatus.PENDING, placed.placedAt(), placed.lines(), placed.currency(), null, null);
    }

    /** Milliseconds from placement to the outcome; null if the placement was not seen. */
    Long timeToOutcome(Instant outcomeAt) {
        return placedAt == null ? null : Math.max(0, Duration.between(placedAt, outcomeAt).toMillis());
    }

    OrderProgress confirmed(Instant soldInMinute) {
        return new OrderProgress(OrderStatus.CONFIRMED, placedAt, lines, currency, soldInMinute, touchedAt);
    }

    /** Rejected or cancelled: nothing can happen to the order any more, so its lines are of no further use. */
    OrderProgress ended(OrderStatus finalStatus) {
        return new OrderProgress(finalStatus, placedAt, List.of(), currency, null, touchedAt);
    }

    OrderProgress touched(Instant streamTime) {
        return new OrderProgress(status, placedAt, lines, currency, soldInMinute, streamTime);
    }
}
