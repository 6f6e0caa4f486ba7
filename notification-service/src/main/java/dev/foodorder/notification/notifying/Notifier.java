package dev.foodorder.notification.notifying;

import dev.foodorder.events.EventEnvelope;
import dev.foodorder.events.IntegrationEvent;
import dev.foodorder.events.customer.CustomerFlagged;
import dev.foodorder.events.inventory.StockLevelLow;
import dev.foodorder.events.inventory.StockReplenished;
import dev.foodorder.events.order.OrderCancelled;
import dev.foodorder.events.order.OrderConfirmed;
import dev.foodorder.events.order.OrderPlaced;
import dev.foodorder.events.order.OrderRejected;
import dev.foodorder.messaging.SqlArrays;
import dev.foodorder.messaging.consumer.EventBatches.Received;
import dev.foodorder.notification.NotificationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Turns consumed events into stored notifications, a batch at a time and with one statement.
 * Delivery is not its business: it only writes the rows, so that a slow or broken mail server can
 * never hold up consumption (the dispatcher in {@code delivery} picks the rows up).
 *
 * <p>It writes each row as the dispatcher's claim would leave it: first attempt counted, leased to
 * this instance. The dispatcher then delivers it from memory once the transaction has committed,
 * and the row is written only once more, when the attempt is settled, instead of being claimed
 * first. Should this instance never deliver it, the lease runs out and any dispatcher claims it.
 */
@Service
public class Notifier {

    /** The events that call for a notification ({@link Composer}); the others are not worth a transaction. */
    static final Set<Class<? extends IntegrationEvent>> EVENTS = Set.of(OrderPlaced.class, OrderConfirmed.class,
            OrderRejected.class, OrderCancelled.class, StockLevelLow.class, StockReplenished.class, CustomerFlagged.class);

    private static final String INSERT = """
            INSERT INTO notification (event_id, type, recipient, customer_id, order_id, subject, body, occurred_at,
                                      created_at, next_attempt_at, attempts, status)
            SELECT *, ?, ?, ?, 'PENDING' FROM unnest(?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (event_id) DO NOTHING
            RETURNING event_id, id
            """;

    /** A new row's attempt, which this instance's dispatcher makes without claiming the row. */
    private static final int FIRST_ATTEMPT = 1;

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final Composer composer;
    private final Duration lease;

    Notifier(JdbcClient jdbc, ApplicationEventPublisher events, NotificationProperties properties) {
        this.jdbc = jdbc;
        this.events = events;
        this.composer = new Composer(properties.operatorEmail());
        this.lease = properties.delivery().lease();
    }

    /**
     * Stores the notifications the events call for, in the caller's transaction: the one in which
     * the events are remembered as handled, so a redelivered event creates nothing. Nor does an
     * event whose notification outlived the memory of it: a notification's event id is unique.
     */
    @Transactional
    public void handleAll(List<Received> received) {
        // Truncated to what the database keeps, so that listeners see the values as stored.
        var now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        var composed = received.stream()
                .flatMap(event -> composer.compose(event.event()).map(draft -> new Composed(event.envelope(), draft)).stream())
                .toList();
        if (composed.isEmpty()) {
            return;
        }
        var leasedUntil = now.plus(lease).truncatedTo(ChronoUnit.MICROS);
        var ids = insert(composed, now, leasedUntil);
        for (var notification : composed) {
            var id = ids.get(notification.eventId());
            if (id != null) {
                events.publishEvent(notification.created(id, now, leasedUntil));
            }
        }
    }

    /** @return the ids of the notifications created, by event id */
    private Map<UUID, Long> insert(List<Composed> composed, Instant now, Instant leasedUntil) {
        var ids = new HashMap<UUID, Long>();
        jdbc.sql(INSERT)
                .params(Timestamp.from(now), Timestamp.from(leasedUntil), FIRST_ATTEMPT,
                        SqlArrays.of("uuid", composed, Composed::eventId),
                        SqlArrays.of("text", composed, notification -> notification.draft().type().name()),
                        SqlArrays.of("text", composed, notification -> notification.draft().recipient()),
                        SqlArrays.of("text", composed, notification -> notification.draft().customerId()),
                        SqlArrays.of("uuid", composed, Composed::orderId),
                        SqlArrays.of("text", composed, notification -> notification.draft().subject()),
                        SqlArrays.of("text", composed, notification -> notification.draft().body()),
                        // An Instant prints as ISO-8601 in UTC, which PostgreSQL reads whatever the session's time zone.
                        SqlArrays.of("timestamptz", composed, Composed::occurredAt))
                .query((row, rowNum) -> ids.put(row.getObject(1, UUID.class), row.getLong(2)))
                .list();
        return ids;
    }


    /** An event and the notification it calls for, before it is stored. */
    private record Composed(EventEnvelope envelope, Draft draft) {

        UUID eventId() {
            return envelope.id();
        }

        Instant occurredAt() {
            return envelope.time().truncatedTo(ChronoUnit.MICROS);
        }

        UUID orderId() {
            return draft.orderId() == null ? null : draft.orderId().value();
        }

        NotificationCreated created(long id, Instant now, Instant leasedUntil) {
            return new NotificationCreated(id, eventId(), draft.type(), draft.recipient(), draft.customerId(), orderId(),
                    draft.subject(), draft.body(), occurredAt(), now, FIRST_ATTEMPT, leasedUntil);
        }
    }
}
