package dev.foodorder.messaging.outbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The outbox's health at a glance: how many rows wait, and how long the oldest has waited. A
 * growing age means the relay cannot reach Kafka; a growing backlog with a small age means it
 * cannot keep up.
 */
public class OutboxMetrics implements MeterBinder {

    private final JdbcTemplate jdbc;

    public OutboxMetrics(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("outbox.backlog", this, OutboxMetrics::backlog)
                .description("Outbox rows not yet published")
                .register(registry);
        Gauge.builder("outbox.oldest.age", this, OutboxMetrics::oldestAgeSeconds)
                .description("Age of the oldest unpublished outbox row")
                .baseUnit("seconds")
                .register(registry);
    }

    public long backlog() {
        return queryOrZero("SELECT count(*) FROM outbox");
    }

    public double oldestAgeSeconds() {
        return queryOrZero("SELECT coalesce(extract(epoch FROM now() - min(created_at)), 0) FROM outbox");
    }

    private long queryOrZero(String sql) {
        try {
            var value = jdbc.queryForObject(sql, Number.class);
            return value == null ? 0 : value.longValue();
        } catch (RuntimeException e) {
            // A scrape must not fail because the database is briefly away; readiness reports that.
            return 0;
        }
    }
}
