package dev.foodorder.order.ordering;

import dev.foodorder.events.OrderId;
import dev.foodorder.events.order.OrderCancelled;
import dev.foodorder.messaging.SqlArrays;
import dev.foodorder.messaging.outbox.Outbox;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The saga's timeout: an order still PENDING {@code orders.deadline.after} after it was placed is
 * cancelled with reason {@link OrderCancelled#TIMEOUT}, through the outbox like any cancellation.
 * Without it, an order whose {@code OrderPlaced} or whose answer was dead-lettered, or whose inventory
 * is down, would wait for ever, holding one of the pending places that admission control counts.
 *
 * <p>The inventory needs nothing special: the cancellation follows the order on the same partition,
 * so whatever it reserved in between is released, and an {@code OrderPlaced} replayed after its
 * cancellation reserves nothing (docs/adr/0020-a-deadline-for-every-order.md). An answer that comes
 * after the deadline finds the order CANCELLED and changes nothing ({@link InventoryVerdicts}).
 *
 * <p>Every instance sweeps; {@code SKIP LOCKED} shares the expired orders among them, and an order
 * that an answer is settling at that moment is left to that answer.
 */
@Component
class OrderDeadlines {

    private static final Logger log = LoggerFactory.getLogger(OrderDeadlines.class);

    private final JdbcClient jdbc;
    private final Outbox outbox;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transactions;
    private final Duration after;
    private final int maxBatch;
    private final Counter expired;

    OrderDeadlines(JdbcClient jdbc, Outbox outbox, ApplicationEventPublisher events,
                   PlatformTransactionManager transactions, OrderingProperties properties, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.events = events;
        this.transactions = new TransactionTemplate(transactions);
        this.after = properties.deadline().after();
        this.maxBatch = properties.deadline().maxBatch();
        this.expired = Counter.builder("orders.expired")
                .description("Orders cancelled because no answer came before their deadline").register(meters);
    }

    /** Cancels the expired orders, a batch per transaction, until none is left. */
    @Scheduled(fixedDelayString = "${orders.deadline.check-every}", initialDelayString = "${orders.deadline.check-every}")
    void cancelExpired() {
        int cancelled;
        do {
            var now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            cancelled = transactions.execute(status -> cancelExpired(now));
        } while (cancelled == maxBatch);
    }

    private int cancelExpired(Instant now) {
        var expiredOrders = lockExpired(now.minus(after));
        if (expiredOrders.isEmpty()) {
            return 0;
        }
        jdbc.sql("""
                        UPDATE orders SET status = 'CANCELLED', cancellation_reason = ?, updated_at = ?, version = version + 1
                        WHERE id = ANY (?)
                        """)
                .params(OrderCancelled.TIMEOUT, Timestamp.from(now), SqlArrays.of("uuid", expiredOrders, Expired::id))
                .update();
        var envelopes = outbox.appendEntries(expiredOrders.stream()
                .map(order -> new Outbox.Entry(new OrderCancelled(OrderId.of(order.id), order.customerId, order.customerEmail,
                        OrderCancelled.TIMEOUT, now), null))
                .toList());
        var rows = new ArrayList<OrderHistory.Row>(expiredOrders.size());
        for (int i = 0; i < expiredOrders.size(); i++) {
            var order = expiredOrders.get(i);
            rows.add(new OrderHistory.Row(order.id, order.nextSeq, HistoryEntry.sent(envelopes.get(i), now)));
            events.publishEvent(new OrderStatusChanged(OrderId.of(order.id), OrderStatus.PENDING, OrderStatus.CANCELLED,
                    order.placedAt, now));
        }
        jdbc.sql(OrderHistory.INSERT).params(OrderHistory.columns(rows)).update();
        expired.increment(expiredOrders.size());
        log.warn("Cancelled {} orders that had no answer {} after they were placed (first: {})", expiredOrders.size(), after,
                expiredOrders.getFirst().id);
        return expiredOrders.size();
    }

    /** The oldest expired orders, locked; those locked by an answer being applied are skipped, not waited for. */
    private List<Expired> lockExpired(Instant placedBefore) {
        return jdbc.sql("""
                        SELECT id, customer_id, customer_email, placed_at,
                               (SELECT coalesce(max(seq) + 1, 0) FROM order_history WHERE order_history.order_id = orders.id) AS next_seq
                        FROM orders WHERE status = 'PENDING' AND placed_at < ?
                        ORDER BY placed_at LIMIT ? FOR NO KEY UPDATE SKIP LOCKED
                        """)
                .params(Timestamp.from(placedBefore), maxBatch)
                .query((row, n) -> new Expired(row.getObject("id", UUID.class), row.getString("customer_id"),
                        row.getString("customer_email"), row.getObject("placed_at", OffsetDateTime.class).toInstant(),
                        row.getInt("next_seq")))
                .list();
    }

    private record Expired(UUID id, String customerId, String customerEmail, Instant placedAt, int nextSeq) {
    }
}
