package dev.foodorder.analytics.figures;

import dev.foodorder.analytics.streams.ExpiringStore;
import dev.foodorder.analytics.streams.LateEvents;
import dev.foodorder.analytics.streams.OrderStatus;
import dev.foodorder.analytics.streams.StateRetention;
import dev.foodorder.events.EventEnvelope;
import dev.foodorder.events.order.OrderCancelled;
import dev.foodorder.events.order.OrderConfirmed;
import dev.foodorder.events.order.OrderEvent;
import dev.foodorder.events.order.OrderPlaced;
import dev.foodorder.events.order.OrderRejected;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;

import static dev.foodorder.analytics.figures.FiguresTopology.MINUTE;

/**
 * Turns each order event into figures: a count in the minute of its event time (tumbling one-minute
 * windows), its time to outcome, the status counts, and the sales of its menu items.
 *
 * <p>An event that does not move its order on (a redelivery of the outbox, which publishes at least once)
 * counts nowhere. An event whose minute closed (the minute's end plus the grace is behind the stream
 * time) is left out of that minute, as Kafka Streams' own windows would, and still moves its order on.
 */
final class FiguresProcessor implements Processor<String, EventEnvelope, Void, Void> {

    /** The one key of the minute figures: each partition keeps its part of every minute under it. */
    static final String ALL_ORDERS = "all";

    private final Duration grace;
    private final StateRetention retention;
    private final LateEvents late;

    private ProcessorContext<Void, Void> context;
    private ExpiringStore<OrderProgress> orders;
    private WindowStore<String, MinuteFigures> minutes;
    private WindowStore<String, ItemSales> sales;
    private KeyValueStore<String, Long> statuses;

    FiguresProcessor(Duration grace, StateRetention retention, LateEvents late) {
        this.grace = grace;
        this.retention = retention;
        this.late = late;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        orders = ExpiringStore.of(context, FiguresTopology.ORDERS,
                progress -> progress.touchedAt().plus(retention.retention()), retention.purgeInterval());
        minutes = context.getStateStore(FiguresTopology.MINUTES);
        sales = context.getStateStore(FiguresTopology.SALES);
        statuses = context.getStateStore(FiguresTopology.STATUSES);
        context.schedule(retention.purgeInterval(), PunctuationType.STREAM_TIME, orders::purge);
    }

    @Override
    public void process(Record<String, EventEnvelope> record) {
        if (!(record.value().data() instanceof OrderEvent event)) {
            return;
        }
        var key = event.orderId().toString();
        var progress = orders.get(key);
        var known = progress == null ? OrderProgress.NOT_SEEN : progress;
        var next = OrderStatus.after(event);
        if (!OrderStatus.moves(known.status(), next)) {
            return;
        }
        countStatus(known.status(), next);
        var updated = switch (event) {
            case OrderPlaced placed -> placed(placed);
            case OrderConfirmed confirmed -> confirmed(confirmed, known);
            case OrderRejected rejected -> rejected(rejected, known);
            case OrderCancelled cancelled -> cancelled(cancelled, known);
        };
        orders.put(key, updated.touched(Instant.ofEpochMilli(context.currentStreamTimeMs())));
    }

    private OrderProgress placed(OrderPlaced placed) {
        count(placed.placedAt(), MinuteFigures::withPlaced);
        return OrderProgress.placed(placed);
    }

    private OrderProgress confirmed(OrderConfirmed confirmed, OrderProgress progress) {
        var outcome = progress.timeToOutcome(confirmed.confirmedAt());
        count(confirmed.confirmedAt(), figures -> figures.withConfirmed(outcome));
        var soldIn = progress.lines().isEmpty() ? null : sell(confirmed.confirmedAt(), progress.lines(), progress.currency());
        return progress.confirmed(soldIn);
    }

    private OrderProgress rejected(OrderRejected rejected, OrderProgress progress) {
        var outcome = progress.timeToOutcome(rejected.rejectedAt());
        count(rejected.rejectedAt(), figures -> figures.withRejected(outcome));
        return progress.ended(OrderStatus.REJECTED);
    }

    private OrderProgress cancelled(OrderCancelled cancelled, OrderProgress progress) {
        count(cancelled.cancelledAt(), MinuteFigures::withCancelled);
        if (progress.soldInMinute() != null) {
            takeBack(progress.soldInMinute(), progress.lines(), progress.currency());
        }
        return progress.ended(OrderStatus.CANCELLED);
    }

    private void count(Instant time, UnaryOperator<MinuteFigures> change) {
        var minute = minuteOf(time);
        if (closed(minute)) {
            late.count("figures");
            return;
        }
        var current = minutes.fetch(ALL_ORDERS, minute);
        minutes.put(ALL_ORDERS, change.apply(current == null ? MinuteFigures.NONE : current), minute);
    }

    /** @return the minute the lines were added to, or null if it had closed */
    private Instant sell(Instant confirmedAt, List<OrderPlaced.Line> lines, String currency) {
        var minute = minuteOf(confirmedAt);
        if (closed(minute)) {
            late.count("sales");
            return null;
        }
        for (var line : lines) {
            add(ItemSales.of(line, currency), minute);
        }
        return Instant.ofEpochMilli(minute);
    }

    /**
     * Takes a cancelled order's lines out of the minute it was confirmed in, even if that minute has
     * closed: the cancellation is no late event but a correction, and the minute is still kept and shown.
     */
    private void takeBack(Instant soldInMinute, List<OrderPlaced.Line> lines, String currency) {
        var minute = soldInMinute.toEpochMilli();
        for (var line : lines) {
            var sold = ItemSales.of(line, currency);
            if (sales.fetch(sold.key(), minute) != null) {
                add(sold.negated(), minute);
            }
        }
    }

    private void add(ItemSales sold, long minute) {
        var current = sales.fetch(sold.key(), minute);
        sales.put(sold.key(), current == null ? sold : current.plus(sold), minute);
    }

    /** Moves the order from one status to the next in this partition's counts. */
    private void countStatus(OrderStatus from, OrderStatus to) {
        if (from != null) {
            addToStatus(from, -1);
        }
        addToStatus(to, 1);
    }

    private void addToStatus(OrderStatus status, long change) {
        var current = statuses.get(status.name());
        statuses.put(status.name(), (current == null ? 0 : current) + change);
    }

    /** Whether the minute is final: its end and the grace after it are behind the stream time. */
    private boolean closed(long minute) {
        return minute + MINUTE.toMillis() + grace.toMillis() <= context.currentStreamTimeMs();
    }

    static long minuteOf(Instant time) {
        return time.toEpochMilli() - Math.floorMod(time.toEpochMilli(), MINUTE.toMillis());
    }
}
