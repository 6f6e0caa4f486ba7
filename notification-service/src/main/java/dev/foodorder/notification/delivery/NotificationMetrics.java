package dev.foodorder.notification.delivery;

import dev.foodorder.notification.notifying.DeliveryStatus;
import dev.foodorder.notification.notifying.NotificationCreated;
import dev.foodorder.notification.notifying.NotificationType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Notifications by type and by what became of them: {@code notifications.stored} and
 * {@code notifications.deliveries} count events as they happen; {@code notifications.due} (waiting
 * for an attempt, or in one) and {@code notifications.abandoned} (out of attempts) read the table.
 * A rising {@code abandoned} wants a person; a rising {@code due} means the channel is down or slow.
 */
@Component
class NotificationMetrics {

    private final MeterRegistry registry;
    private final JdbcTemplate jdbc;

    NotificationMetrics(MeterRegistry registry, JdbcTemplate jdbc) {
        this.registry = registry;
        this.jdbc = jdbc;
        Gauge.builder("notifications.due", this, metrics -> metrics.count(
                        "SELECT count(*) FROM notification WHERE next_attempt_at IS NOT NULL"))
                .description("Notifications waiting for a delivery attempt or in one")
                .register(registry);
        Gauge.builder("notifications.abandoned", this, metrics -> metrics.count(
                        "SELECT count(*) FROM notification WHERE status = 'FAILED' AND next_attempt_at IS NULL"))
                .description("Notifications whose delivery failed with no attempt left")
                .register(registry);
    }

    @TransactionalEventListener
    void on(NotificationCreated created) {
        // Not "created": Prometheus reserves the _created suffix for the time a series was created.
        Counter.builder("notifications.stored")
                .description("Notifications stored, as events called for them")
                .tag("type", created.type().name())
                .register(registry)
                .increment();
    }

    /** Counts a new notification the dispatcher's queue had no room for: it goes out when its lease runs out. */
    void leftToItsLease() {
        Counter.builder("notifications.queue.overflow")
                .description("New notifications left to the claim path because the dispatcher's queue was full")
                .register(registry)
                .increment();
    }

    /** Counts a settled delivery attempt by the status it left the notification in. */
    void settled(NotificationType type, DeliveryStatus status) {
        Counter.builder("notifications.deliveries")
                .description("Delivery attempts, by the status they left the notification in")
                .tag("type", type.name())
                .tag("status", status.name())
                .register(registry)
                .increment();
    }

    private double count(String sql) {
        try {
            var count = jdbc.queryForObject(sql, Long.class);
            return count == null ? 0 : count;
        } catch (RuntimeException e) {
            // A scrape must not fail because the database is briefly away; readiness reports that.
            return Double.NaN;
        }
    }
}
