package dev.foodorder.inventory.reservation;

import dev.foodorder.events.EventEnvelope;
import dev.foodorder.events.IntegrationEvent;
import dev.foodorder.events.OrderId;
import dev.foodorder.events.inventory.ReservedItem;
import dev.foodorder.events.inventory.StockLevelLow;
import dev.foodorder.events.inventory.StockReleased;
import dev.foodorder.events.inventory.StockReservationFailed;
import dev.foodorder.events.inventory.StockReservationFailed.Reason;
import dev.foodorder.events.inventory.StockReservationFailed.Shortage;
import dev.foodorder.events.inventory.StockReserved;
import dev.foodorder.events.order.OrderCancelled;
import dev.foodorder.events.order.OrderEvent;
import dev.foodorder.events.order.OrderPlaced;
import dev.foodorder.messaging.SqlArrays;
import dev.foodorder.messaging.consumer.EventBatches.Received;
import dev.foodorder.messaging.outbox.Outbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Reserves stock for placed orders, all lines or none, and gives it back when they are cancelled.
 * Each change and the events that report it commit together, through the outbox.
 *
 * <p>A whole batch of order events is applied at once, with a fixed number of statements whatever
 * its size (docs/adr/0015-set-based-consumers.md): read the batch's reservations, lock every stock
 * row the batch needs in sku order (ADR 0004: two batches with overlapping skus queue, never
 * deadlock), apply the events in record order in memory, then write each table with one statement.
 * The rows stay locked until the batch commits, and {@code stock_not_oversold} checks the result.
 */
@Service
class StockReservations {

    private static final Logger log = LoggerFactory.getLogger(StockReservations.class);
    private static final String SOURCE = "/inventory-service";

    private final JdbcClient jdbc;
    private final Reservations reservations;
    private final Outbox outbox;

    StockReservations(JdbcClient jdbc, Reservations reservations, Outbox outbox) {
        this.jdbc = jdbc;
        this.reservations = reservations;
        this.outbox = outbox;
    }

    /**
     * Applies the events, in the given order, in the caller's transaction (or one of its own).
     *
     * @return what each event did, in the same order
     */
    @Transactional
    List<ReservationOutcome> apply(List<Received> events) {
        var now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        var batch = new Batch(now, readReservations(events));
        lockStock(batch, events);
        var outcomes = new ArrayList<ReservationOutcome>(events.size());
        for (var received : events) {
            outcomes.add(switch ((OrderEvent) received.event()) {
                case OrderPlaced placed -> batch.reserve(placed, received.traceparent());
                case OrderCancelled cancelled -> batch.release(cancelled, received.traceparent());
                default -> throw new IllegalArgumentException("The inventory acts on orders placed and cancelled, not on "
                        + received.envelope().type().type());
            });
        }
        write(batch);
        return outcomes;
    }

    /** Reserves every line of the order, or none of them: {@link #apply} for one order. */
    @Transactional
    ReservationOutcome reserve(OrderPlaced order) {
        return apply(List.of(new Received(EventEnvelope.of(SOURCE, order), null))).getFirst();
    }

    /** Gives back what a cancelled order holds: {@link #apply} for one cancellation. */
    @Transactional
    ReservationOutcome release(OrderCancelled cancellation) {
        return apply(List.of(new Received(EventEnvelope.of(SOURCE, cancellation), null))).getFirst();
    }

    /** The order's answer so far, if the inventory has heard of it. */
    @Transactional(readOnly = true)
    Optional<Reservation> find(OrderId orderId) {
        return reservations.findById(orderId.value());
    }

    /** The batch's orders that the inventory has answered before, locked, with what they hold. */
    private Map<UUID, Answer> readReservations(List<Received> events) {
        var orderIds = events.stream().map(received -> ((OrderEvent) received.event()).orderId().value()).distinct().toList();
        var answers = new HashMap<UUID, Answer>();
        jdbc.sql("SELECT order_id, status FROM reservation WHERE order_id = ANY (?) FOR NO KEY UPDATE")
                .param(SqlArrays.of("uuid", orderIds))
                .query((row, n) -> answers.put(row.getObject(1, UUID.class),
                        new Answer(Reservation.Status.valueOf(row.getString(2)), new TreeMap<>(), false)))
                .list();
        var holding = answers.entrySet().stream()
                .filter(answer -> answer.getValue().status == Reservation.Status.RESERVED).map(Map.Entry::getKey).toList();
        if (!holding.isEmpty()) {
            jdbc.sql("SELECT order_id, sku, quantity FROM reservation_line WHERE order_id = ANY (?)")
                    .param(SqlArrays.of("uuid", holding))
                    .query((row, n) -> answers.get(row.getObject(1, UUID.class)).lines.put(row.getString(2), row.getInt(3)))
                    .list();
        }
        return answers;
    }

    /** Locks, in sku order and with one statement, every stock row the batch may change. */
    private void lockStock(Batch batch, List<Received> events) {
        var skus = new TreeSet<String>();
        for (var received : events) {
            switch (received.event()) {
                case OrderPlaced placed -> placed.lines().forEach(line -> skus.add(line.sku()));
                case OrderCancelled cancelled -> {
                    var answer = batch.answers.get(cancelled.orderId().value());
                    if (answer != null) {
                        skus.addAll(answer.lines.keySet());
                    }
                }
                default -> { }
            }
        }
        if (skus.isEmpty()) {
            return;
        }
        jdbc.sql("SELECT sku, on_hand, reserved, threshold FROM stock WHERE sku = ANY (?) ORDER BY sku FOR NO KEY UPDATE")
                .param(SqlArrays.of("text", skus))
                .query((row, n) -> batch.stock.put(row.getString(1),
                        new Level(row.getInt(2), row.getInt(3), row.getInt(4))))
                .list();
    }

    private void write(Batch batch) {
        var changedStock = batch.stock.entrySet().stream().filter(entry -> entry.getValue().changed).toList();
        if (!changedStock.isEmpty()) {
            jdbc.sql("""
                            UPDATE stock SET reserved = changed.reserved, version = version + 1, updated_at = ?
                            FROM unnest(?, ?) AS changed (sku, reserved) WHERE stock.sku = changed.sku
                            """)
                    .params(Timestamp.from(batch.now), SqlArrays.of("text", changedStock.stream().map(Map.Entry::getKey).toList()),
                            SqlArrays.of("int4", changedStock.stream().map(entry -> entry.getValue().reserved).toList()))
                    .update();
        }
        var created = batch.answers.entrySet().stream().filter(entry -> entry.getValue().created).toList();
        if (!created.isEmpty()) {
            jdbc.sql("""
                            INSERT INTO reservation (order_id, status, reason, created_at, updated_at)
                            SELECT order_id, status, reason, ?, ? FROM unnest(?, ?, ?) AS created (order_id, status, reason)
                            """)
                    .params(Timestamp.from(batch.now), Timestamp.from(batch.now),
                            SqlArrays.of("uuid", created.stream().map(Map.Entry::getKey).toList()),
                            SqlArrays.of("text", created.stream().map(entry -> entry.getValue().status.name()).toList()),
                            SqlArrays.of("text", created.stream().map(entry -> entry.getValue().reason).toList()))
                    .update();
            insertLines(created);
        }
        var released = batch.answers.entrySet().stream()
                .filter(entry -> !entry.getValue().created && entry.getValue().releasedNow).map(Map.Entry::getKey).toList();
        if (!released.isEmpty()) {
            jdbc.sql("UPDATE reservation SET status = 'RELEASED', version = version + 1, updated_at = ? WHERE order_id = ANY (?)")
                    .params(Timestamp.from(batch.now), SqlArrays.of("uuid", released))
                    .update();
        }
        outbox.appendEntries(batch.events);
    }

    private void insertLines(List<Map.Entry<UUID, Answer>> created) {
        var orderIds = new ArrayList<UUID>();
        var skus = new ArrayList<String>();
        var quantities = new ArrayList<Integer>();
        created.forEach(entry -> entry.getValue().lines.forEach((sku, quantity) -> {
            orderIds.add(entry.getKey());
            skus.add(sku);
            quantities.add(quantity);
        }));
        if (!orderIds.isEmpty()) {
            jdbc.sql("INSERT INTO reservation_line (order_id, sku, quantity) SELECT * FROM unnest(?, ?, ?)")
                    .params(SqlArrays.of("uuid", orderIds), SqlArrays.of("text", skus), SqlArrays.of("int4", quantities))
                    .update();
        }
    }

    /** The batch as it is applied in memory: the stock it locked, the answers it read and made, the events to publish. */
    private static final class Batch {

        final Instant now;
        final Map<UUID, Answer> answers;
        final Map<String, Level> stock = new LinkedHashMap<>();
        final List<Outbox.Entry> events = new ArrayList<>();

        Batch(Instant now, Map<UUID, Answer> answers) {
            this.now = now;
            this.answers = answers;
        }

        ReservationOutcome reserve(OrderPlaced order, String traceparent) {
            var orderId = order.orderId();
            var known = answers.get(orderId.value());
            if (known != null) {
                // A replay, or the order came after its cancellation: taking stock now would hold it
                // for an order the order service has already settled.
                log.debug("Order {} arrived again or after its cancellation ({}); nothing reserved", orderId, known.status);
                return known.status == Reservation.Status.CANCELLED
                        ? ReservationOutcome.ORDER_ALREADY_CANCELLED : ReservationOutcome.ALREADY_ANSWERED;
            }
            var requested = quantitiesBySku(order.lines());
            var shortages = shortages(requested);
            if (!shortages.isEmpty()) {
                var reason = shortages.stream().anyMatch(shortage -> !stock.containsKey(shortage.sku()))
                        ? Reason.UNKNOWN_ITEM : Reason.OUT_OF_STOCK;
                answers.put(orderId.value(), new Answer(Reservation.Status.REFUSED, new TreeMap<>(), true, reason.name()));
                events.add(new Outbox.Entry(new StockReservationFailed(orderId, reason, shortages, now), traceparent));
                log.debug("Order {} refused, {}: {}", orderId, reason, shortages);
                return reason == Reason.UNKNOWN_ITEM ? ReservationOutcome.UNKNOWN_ITEM : ReservationOutcome.OUT_OF_STOCK;
            }
            var items = new ArrayList<ReservedItem>();
            var lows = new ArrayList<Outbox.Entry>();
            requested.forEach((sku, quantity) -> {
                items.add(new ReservedItem(sku, quantity));
                stock.get(sku).reserve(sku, quantity, now).ifPresent(low -> lows.add(new Outbox.Entry(low, traceparent)));
            });
            answers.put(orderId.value(), new Answer(Reservation.Status.RESERVED, requested, true));
            events.add(new Outbox.Entry(new StockReserved(orderId, items, now), traceparent));
            events.addAll(lows);
            return ReservationOutcome.RESERVED;
        }

        ReservationOutcome release(OrderCancelled cancellation, String traceparent) {
            var orderId = cancellation.orderId();
            var answer = answers.get(orderId.value());
            if (answer == null) {
                answers.put(orderId.value(), new Answer(Reservation.Status.CANCELLED, new TreeMap<>(), true));
                log.info("Order {} cancelled before it arrived; it will reserve nothing", orderId);
                return ReservationOutcome.CANCELLED_BEFORE_PLACED;
            }
            if (answer.status != Reservation.Status.RESERVED) {
                return ReservationOutcome.NOTHING_TO_RELEASE;
            }
            answer.lines.forEach((sku, quantity) -> stock.get(sku).release(quantity));
            answer.status = Reservation.Status.RELEASED;
            answer.releasedNow = true;
            var items = answer.lines.entrySet().stream().map(line -> new ReservedItem(line.getKey(), line.getValue())).toList();
            events.add(new Outbox.Entry(new StockReleased(orderId, items, now), traceparent));
            log.info("Order {} cancelled; released {}", orderId, items);
            return ReservationOutcome.RELEASED;
        }

        /** Every line that cannot be served, in sku order; an unknown sku has nothing available. */
        private List<Shortage> shortages(SortedMap<String, Integer> requested) {
            var shortages = new ArrayList<Shortage>();
            requested.forEach((sku, quantity) -> {
                var available = stock.containsKey(sku) ? stock.get(sku).available() : 0;
                if (available < quantity) {
                    shortages.add(new Shortage(sku, quantity, available));
                }
            });
            return shortages;
        }
    }

    /** A sku's stock as the batch changes it; written back once, if it changed. */
    private static final class Level {

        final int onHand;
        final int threshold;
        int reserved;
        boolean changed;

        Level(int onHand, int reserved, int threshold) {
            this.onHand = onHand;
            this.reserved = reserved;
            this.threshold = threshold;
        }

        int available() {
            return onHand - reserved;
        }

        /** Only the crossing below the threshold is reported, not every reservation made while it stays below. */
        Optional<IntegrationEvent> reserve(String sku, int quantity, Instant at) {
            boolean wasLow = available() < threshold;
            reserved += quantity;
            changed = true;
            return !wasLow && available() < threshold ? Optional.of(new StockLevelLow(sku, available(), threshold, at)) : Optional.empty();
        }

        void release(int quantity) {
            reserved -= quantity;
            changed = true;
        }
    }

    /** The inventory's answer to an order: read from the database, or made by this batch. */
    private static final class Answer {

        Reservation.Status status;
        final SortedMap<String, Integer> lines;
        final boolean created;
        final String reason;
        boolean releasedNow;

        Answer(Reservation.Status status, SortedMap<String, Integer> lines, boolean created) {
            this(status, lines, created, null);
        }

        Answer(Reservation.Status status, SortedMap<String, Integer> lines, boolean created, String reason) {
            this.status = status;
            this.lines = lines;
            this.created = created;
            this.reason = reason;
        }
    }

    /**
     * An order may name a sku on several lines; stock is taken per sku. An absurd sum saturates
     * rather than overflows, so the order is refused like any other that asks for too much.
     */
    private static SortedMap<String, Integer> quantitiesBySku(List<OrderPlaced.Line> lines) {
        var quantities = new TreeMap<String, Integer>();
        for (var line : lines) {
            quantities.merge(line.sku(), line.quantity(), (a, b) -> (int) Math.min((long) a + b, Integer.MAX_VALUE));
        }
        return quantities;
    }
}
