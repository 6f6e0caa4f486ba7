package dev.foodorder.order.ordering;

import dev.foodorder.events.EventEnvelope;
import dev.foodorder.events.OrderId;
import dev.foodorder.events.inventory.ReservationEvent;
import dev.foodorder.events.inventory.StockReleased;
import dev.foodorder.events.inventory.StockReservationFailed;
import dev.foodorder.events.inventory.StockReserved;
import dev.foodorder.events.order.OrderConfirmed;
import dev.foodorder.events.order.OrderEvent;
import dev.foodorder.events.order.OrderRejected;
import dev.foodorder.messaging.SqlArrays;
import dev.foodorder.messaging.consumer.EventBatches.Received;
import dev.foodorder.messaging.outbox.Outbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Settles pending orders with the inventory's answers, a whole batch at a time, with a fixed number
 * of statements whatever its size (docs/adr/0015-set-based-consumers.md): lock and read the batch's
 * orders and where their history goes on, apply the answers in record order in memory, then write
 * the outbox with one statement and the orders, their rejections' items and their history with
 * another. Placing, cancelling and reading orders keep to the JPA entity
 * {@link Order}, whose columns this class reads and writes as the entity maps them.
 */
@Component
class InventoryVerdicts {

    private static final Logger log = LoggerFactory.getLogger(InventoryVerdicts.class);

    /** The changed orders, the items a rejection names, and the history: one statement, one round trip. */
    private static final String SETTLE = """
            WITH settled AS (
                UPDATE orders SET status = v.status, updated_at = ?, rejection_reason = v.reason, version = version + 1
                FROM unnest(?, ?, ?) AS v (id, status, reason) WHERE orders.id = v.id
            ), unavailable AS (
                INSERT INTO order_unavailable_item (order_id, line_no, sku, requested, available)
                SELECT * FROM unnest(?, ?, ?, ?, ?)
            )
            """ + OrderHistory.INSERT;

    private final JdbcClient jdbc;
    private final Outbox outbox;
    private final ApplicationEventPublisher events;

    InventoryVerdicts(JdbcClient jdbc, Outbox outbox, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.events = events;
    }

    /** Applies the answers, in the given order, in the transaction that remembers them as handled. */
    @Transactional(propagation = Propagation.MANDATORY)
    void settle(List<Received> answers) {
        var batch = new Batch(Instant.now().truncatedTo(ChronoUnit.MICROS), read(answers));
        answers.forEach(batch::apply);
        write(batch);
    }

    /**
     * The batch's orders, locked until the batch commits: a cancellation of one of them waits for
     * it, and then sees its answer. Locked in id order, so two batches that share orders queue
     * rather than deadlock.
     */
    private Map<UUID, OrderRow> read(List<Received> answers) {
        var ids = answers.stream().map(received -> orderId(received).value()).distinct().toList();
        var orders = new HashMap<UUID, OrderRow>();
        jdbc.sql("""
                        SELECT id, status, customer_id, customer_email, total, currency, placed_at FROM orders
                        WHERE id = ANY (?) ORDER BY id FOR NO KEY UPDATE
                        """)
                .param(SqlArrays.of("uuid", ids))
                .query(row -> {
                    var id = row.getObject("id", UUID.class);
                    orders.put(id, new OrderRow(id, OrderStatus.valueOf(row.getString("status")), row.getString("customer_id"),
                            row.getString("customer_email"), row.getBigDecimal("total"), row.getString("currency"),
                            row.getObject("placed_at", OffsetDateTime.class).toInstant()));
                });
        // A statement of its own, so that it sees what a cancellation the lock waited for added to the history.
        jdbc.sql("SELECT order_id, coalesce(max(seq) + 1, 0) FROM order_history WHERE order_id = ANY (?) GROUP BY order_id")
                .param(SqlArrays.of("uuid", ids))
                .query(row -> {
                    var order = orders.get(row.getObject(1, UUID.class));
                    if (order != null) {
                        order.nextSeq = row.getInt(2);
                    }
                });
        return orders;
    }

    private void write(Batch batch) {
        var envelopes = outbox.appendEntries(batch.sent);
        var rows = new ArrayList<>(batch.received);
        for (int i = 0; i < envelopes.size(); i++) {
            rows.add(batch.sentRows.get(i).of(envelopes.get(i), batch.now));
        }
        // Every answer applied left a history row, so none means nothing changed either.
        if (!rows.isEmpty()) {
            jdbc.sql(SETTLE)
                    .params(Stream.of(orderColumns(batch.changed, batch.now), unavailableItemColumns(batch.changed),
                                    OrderHistory.columns(rows))
                            .flatMap(List::stream)
                            .toList())
                    .update();
        }
        batch.changes.forEach(events::publishEvent);
    }

    private static List<Object> orderColumns(List<OrderRow> changed, Instant now) {
        return List.of(Timestamp.from(now),
                SqlArrays.of("uuid", changed, order -> order.id),
                SqlArrays.of("text", changed, order -> order.status.name()),
                SqlArrays.of("text", changed, order -> Objects.toString(order.rejectionReason, null)));
    }

    /** A pending order has no unavailable items yet, so its rejection numbers them from 0, as the entity's list does. */
    private static List<Object> unavailableItemColumns(List<OrderRow> changed) {
        var orderIds = new ArrayList<UUID>();
        var lineNos = new ArrayList<Integer>();
        var skus = new ArrayList<String>();
        var requested = new ArrayList<Integer>();
        var available = new ArrayList<Integer>();
        for (var order : changed) {
            for (int i = 0; i < order.unavailableItems.size(); i++) {
                var item = order.unavailableItems.get(i);
                orderIds.add(order.id);
                lineNos.add(i);
                skus.add(item.sku());
                requested.add(item.requested());
                available.add(item.available());
            }
        }
        return List.of(SqlArrays.of("uuid", orderIds), SqlArrays.of("int4", lineNos), SqlArrays.of("text", skus),
                SqlArrays.of("int4", requested), SqlArrays.of("int4", available));
    }

    /** {@link dev.foodorder.messaging.consumer.EventBatches} hands over only the answers this consumer asked for. */
    private static OrderId orderId(Received received) {
        return ((ReservationEvent) received.event()).orderId();
    }

    /** The batch as it is applied in memory: what it read, the rows and events it will write, the changes to announce. */
    private static final class Batch {

        final Instant now;
        final Map<UUID, OrderRow> orders;
        final List<OrderHistory.Row> received = new ArrayList<>();
        final List<Outbox.Entry> sent = new ArrayList<>();
        /** Where each event of {@link #sent} goes in its order's history, once the outbox has given it an id. */
        final List<SentRow> sentRows = new ArrayList<>();
        /** Only a pending order changes, so an order is here at most once. */
        final List<OrderRow> changed = new ArrayList<>();
        final List<OrderStatusChanged> changes = new ArrayList<>();

        Batch(Instant now, Map<UUID, OrderRow> orders) {
            this.now = now;
            this.orders = orders;
        }

        void apply(Received answer) {
            var envelope = answer.envelope();
            var id = orderId(answer);
            var order = orders.get(id.value());
            if (order == null) {
                // An order this database never had (another environment's, or newer than a restored
                // backup) will not appear however long we retry, and retrying holds up the partition.
                log.warn("Skipping {} {}: there is no order {}", envelope.type(), envelope.id(), id);
                return;
            }
            received.add(new OrderHistory.Row(order.id, order.nextSeq++,
                    new HistoryEntry(now, HistoryEntry.Direction.RECEIVED, envelope.type().type(), envelope.id())));
            var from = order.status;
            decide(order, answer).ifPresentOrElse(event -> {
                sent.add(new Outbox.Entry(event, answer.traceparent()));
                sentRows.add(new SentRow(order.id, order.nextSeq++));
                changed.add(order);
                changes.add(OrderStatusChanged.settled(id, order.status, order.placedAt, now));
            }, () -> log.info("Order {} is {}: {} changes nothing", id, from, envelope.type()));
        }

        private Optional<? extends OrderEvent> decide(OrderRow order, Received answer) {
            return switch ((ReservationEvent) answer.event()) {
                case StockReserved reserved -> order.confirm(now);
                case StockReservationFailed failure -> order.reject(failure, now);
                // Not asked for: the answer to a cancellation, when the order is CANCELLED already.
                case StockReleased released -> throw new IllegalArgumentException("Orders are settled by reservations and "
                        + "their failures, not by " + answer.envelope().type().type());
            };
        }
    }

    /**
     * An order as the inventory's answer sees it: enough to decide and to build the event that
     * reports the decision. A PENDING order is settled by the first answer; later ones change nothing.
     */
    static final class OrderRow {

        final UUID id;
        final String customerId;
        final String customerEmail;
        final BigDecimal total;
        final String currency;
        final Instant placedAt;
        OrderStatus status;
        OrderRejected.Reason rejectionReason;
        List<UnavailableItem> unavailableItems = List.of();
        /** The history's next {@code seq}, which the entity's {@code @OrderColumn} numbers from 0 without gaps. */
        int nextSeq;

        OrderRow(UUID id, OrderStatus status, String customerId, String customerEmail, BigDecimal total, String currency,
                 Instant placedAt) {
            this.id = id;
            this.status = status;
            this.customerId = customerId;
            this.customerEmail = customerEmail;
            this.total = total;
            this.currency = currency;
            this.placedAt = placedAt;
        }

        /** The inventory reserved every line. A cancelled order stays cancelled: the inventory releases what it reserved. */
        Optional<OrderConfirmed> confirm(Instant at) {
            if (status != OrderStatus.PENDING) {
                return Optional.empty();
            }
            status = OrderStatus.CONFIRMED;
            return Optional.of(new OrderConfirmed(OrderId.of(id), customerId, customerEmail, total, currency, at));
        }

        /** The inventory could not serve every line, and reserved nothing. */
        Optional<OrderRejected> reject(StockReservationFailed failure, Instant at) {
            if (status != OrderStatus.PENDING) {
                return Optional.empty();
            }
            status = OrderStatus.REJECTED;
            rejectionReason = switch (failure.reason()) {
                case OUT_OF_STOCK -> OrderRejected.Reason.OUT_OF_STOCK;
                case UNKNOWN_ITEM -> OrderRejected.Reason.UNKNOWN_ITEM;
            };
            unavailableItems = failure.shortages().stream()
                    .map(shortage -> new UnavailableItem(shortage.sku(), shortage.requested(), shortage.available()))
                    .toList();
            return Optional.of(new OrderRejected(OrderId.of(id), customerId, customerEmail, rejectionReason,
                    unavailableItems.stream()
                            .map(item -> new OrderRejected.UnavailableItem(item.sku(), item.requested(), item.available()))
                            .toList(),
                    at));
        }
    }

    /** The place in its order's history of an event not yet appended to the outbox. */
    private record SentRow(UUID orderId, int seq) {

        OrderHistory.Row of(EventEnvelope envelope, Instant at) {
            return new OrderHistory.Row(orderId, seq, HistoryEntry.sent(envelope, at));
        }
    }
}
