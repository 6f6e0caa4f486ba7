package dev.foodorder.messaging.outbox;

import dev.foodorder.events.EventCodec;
import dev.foodorder.events.EventEnvelope;
import dev.foodorder.events.IntegrationEvent;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.function.Supplier;

/**
 * Where a service writes the events its state change produced, in the same database transaction
 * as the change itself: both commit or neither does. The {@link OutboxRelay} publishes them.
 */
public class Outbox {

    private static final String INSERT = """
            INSERT INTO outbox (event_id, topic, message_key, event_type, source, subject, occurred_at, payload, traceparent)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """;

    private final JdbcTemplate jdbc;
    private final String source;
    private final Supplier<String> traceparent;
    private final Runnable afterCommit;

    /**
     * @param afterCommit what to do once a transaction that appended events has committed:
     *                    wake the relay, so an event leaves without waiting for a poll
     */
    public Outbox(JdbcTemplate jdbc, String source, Supplier<String> traceparent, Runnable afterCommit) {
        this.jdbc = jdbc;
        this.source = source;
        this.traceparent = traceparent;
        this.afterCommit = afterCommit;
    }

    /** Appends one event; must run inside the transaction that changes the state it reports. */
    public EventEnvelope append(IntegrationEvent event) {
        return appendAll(List.of(event)).getFirst();
    }

    /** Appends events in the given order, which is the order they will be published in. */
    public List<EventEnvelope> appendAll(List<? extends IntegrationEvent> events) {
        var trace = traceparent.get();
        return appendEntries(events.stream().map(event -> new Entry(event, trace)).toList());
    }

    /** An event to append, and the W3C trace context it continues (or null). */
    public record Entry(IntegrationEvent event, String traceparent) {
    }

    /**
     * Appends events, each with its own trace context, in the given order, in one round trip: what
     * a consumer writes for a whole batch of the events it received.
     */
    public List<EventEnvelope> appendEntries(List<Entry> entries) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("The outbox needs the transaction of the state change it records");
        }
        if (entries.isEmpty()) {
            return List.of();
        }
        var envelopes = entries.stream().map(entry -> EventEnvelope.of(source, entry.event())).toList();
        jdbc.batchUpdate(INSERT, new BatchPreparedStatementSetter() {
            @Override
            public void setValues(PreparedStatement statement, int i) throws SQLException {
                var envelope = envelopes.get(i);
                statement.setObject(1, envelope.id());
                statement.setString(2, envelope.topic());
                statement.setString(3, envelope.key());
                statement.setString(4, envelope.type().type());
                statement.setString(5, envelope.source());
                statement.setString(6, envelope.data().subject());
                statement.setTimestamp(7, Timestamp.from(envelope.time()));
                statement.setString(8, new String(EventCodec.toJson(envelope.data()), StandardCharsets.UTF_8));
                statement.setString(9, entries.get(i).traceparent());
            }

            @Override
            public int getBatchSize() {
                return envelopes.size();
            }
        });
        wakeRelayAfterCommit();
        return envelopes;
    }

    private void wakeRelayAfterCommit() {
        if (TransactionSynchronizationManager.hasResource(this)) {
            return;
        }
        TransactionSynchronizationManager.bindResource(this, Boolean.TRUE);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                TransactionSynchronizationManager.unbindResourceIfPossible(Outbox.this);
                if (status == STATUS_COMMITTED) {
                    afterCommit.run();
                }
            }
        });
    }
}
