package dev.foodorder.notification.notifying;

import dev.foodorder.events.EventEnvelope;
import dev.foodorder.events.IntegrationEvent;
import dev.foodorder.events.SampleEvents;
import dev.foodorder.events.customer.CustomerFlagged;
import dev.foodorder.events.inventory.StockLevelLow;
import dev.foodorder.events.inventory.StockReserved;
import dev.foodorder.events.order.OrderConfirmed;
import dev.foodorder.events.order.OrderPlaced;
import dev.foodorder.messaging.consumer.EventBatches.Received;
import dev.foodorder.notification.Databases;
import dev.foodorder.notification.NotificationProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The statement that stores a batch of notifications, against a real database. */
class NotifierTest {

    private static final Instant OCCURRED = Instant.parse("2026-11-23T12:00:00.123456Z");
    /** The default {@code notifications.delivery.lease}. */
    private static final Duration LEASE = Duration.ofMinutes(2);

    private final JdbcClient jdbc = Databases.migrated("notifier");
    private final List<NotificationCreated> published = new ArrayList<>();
    private final Notifier notifier = new Notifier(jdbc, event -> published.add((NotificationCreated) event), defaults());

    @Test
    void storesEachNotificationPendingWithItsFirstAttemptLeasedToThisInstance() {
        var confirmed = envelope(sample(OrderConfirmed.class));
        var low = envelope(sample(StockLevelLow.class));
        var before = Instant.now();

        notifier.handleAll(List.of(new Received(confirmed, null), new Received(low, null)));

        var stored = stored();
        assertThat(stored).extracting(Row::eventId).containsExactly(confirmed.id(), low.id());
        assertThat(stored).allSatisfy(row -> {
            assertThat(row.status()).isEqualTo("PENDING");
            assertThat(row.attempts()).as("as a claim would count it").isEqualTo(1);
            assertThat(row.occurredAt()).isEqualTo(OCCURRED);
            assertThat(row.createdAt()).isBetween(before.minusMillis(1), Instant.now());
            assertThat(row.nextAttemptAt()).as("the end of the lease").isEqualTo(row.createdAt().plus(LEASE));
        });
        assertThat(stored.getFirst().orderId()).isEqualTo(((OrderConfirmed) confirmed.data()).orderId().value());
        assertThat(stored.getLast().orderId()).isNull();
        assertThat(published).extracting(NotificationCreated::id).containsExactlyElementsOf(stored.stream().map(Row::id).toList());
        assertThat(published.getFirst()).satisfies(created -> {
            assertThat(created.type()).isEqualTo(NotificationType.ORDER_CONFIRMED);
            assertThat(created.occurredAt()).isEqualTo(OCCURRED);
            assertThat(created.createdAt()).isEqualTo(stored.getFirst().createdAt());
            assertThat(created.attempts()).isEqualTo(1);
            assertThat(created.leasedUntil()).isEqualTo(stored.getFirst().nextAttemptAt());
        });
    }

    @Test
    void createsNothingForAnEventWhoseNotificationIsStoredAlready() {
        var placed = envelope(sample(OrderPlaced.class));
        notifier.handleAll(List.of(new Received(placed, null)));
        published.clear();
        var confirmed = envelope(sample(OrderConfirmed.class));

        notifier.handleAll(List.of(new Received(placed, null), new Received(confirmed, null)));

        assertThat(stored()).extracting(Row::eventId).containsExactly(placed.id(), confirmed.id());
        assertThat(published).extracting(NotificationCreated::eventId).containsExactly(confirmed.id());
    }

    @Test
    void storesOneOperatorNotificationForAFlaggedCustomerEvenIfTheFlagIsHandledTwice() {
        var flagged = envelope(sample(CustomerFlagged.class));

        notifier.handleAll(List.of(new Received(flagged, null)));
        notifier.handleAll(List.of(new Received(flagged, null)));

        assertThat(stored()).singleElement().satisfies(row -> {
            assertThat(row.eventId()).isEqualTo(flagged.id());
            assertThat(row.orderId()).isNull();
        });
        assertThat(published).singleElement().satisfies(created -> {
            assertThat(created.type()).isEqualTo(NotificationType.CUSTOMER_FLAGGED);
            assertThat(created.recipient()).isEqualTo("kitchen@example.org");
            assertThat(created.customerId()).isNull();
        });
    }

    @Test
    void skipsAnEventThatCallsForNoNotification() {
        notifier.handleAll(List.of(new Received(envelope(sample(StockReserved.class)), null)));

        assertThat(stored()).isEmpty();
        assertThat(published).isEmpty();
    }

    private List<Row> stored() {
        return jdbc.sql("SELECT id, event_id, order_id, status, attempts, occurred_at, created_at, next_attempt_at FROM notification ORDER BY id")
                .query((row, rowNum) -> new Row(row.getLong(1), row.getObject(2, UUID.class), row.getObject(3, UUID.class),
                        row.getString(4), row.getInt(5), row.getTimestamp(6).toInstant(), row.getTimestamp(7).toInstant(),
                        row.getTimestamp(8).toInstant()))
                .list();
    }

    private static EventEnvelope envelope(IntegrationEvent event) {
        return new EventEnvelope(UUID.randomUUID(), "/test", OCCURRED, event);
    }

    private static <T> T sample(Class<T> type) {
        return SampleEvents.all().stream().filter(type::isInstance).map(type::cast).findFirst().orElseThrow();
    }

    private static NotificationProperties defaults() {
        return new Binder(new MapConfigurationPropertySource(Map.of())).bindOrCreate("notifications",
                Bindable.of(NotificationProperties.class));
    }

    private record Row(long id, UUID eventId, UUID orderId, String status, int attempts, Instant occurredAt,
                       Instant createdAt, Instant nextAttemptAt) {
    }
}
