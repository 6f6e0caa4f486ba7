package dev.foodorder.messaging.consumer;

import dev.foodorder.events.EventEnvelope;
import dev.foodorder.messaging.SqlArrays;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Handles each event at most once per consumer, however often Kafka delivers it. The event's id
 * is recorded in {@code processed_event} in the same transaction as the state change it causes:
 * if the change commits, so does the record of it; if it rolls back, the event is retried.
 */
public class IdempotentConsumer {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    public IdempotentConsumer(JdbcTemplate jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /**
     * Runs the handler in a new transaction unless this consumer has handled the event before.
     *
     * @return true if the handler ran, false if the event was a duplicate
     */
    public boolean handle(String consumer, EventEnvelope envelope, Consumer<EventEnvelope> handler) {
        return Boolean.TRUE.equals(transactions.execute(status -> {
            if (!remember(consumer, envelope)) {
                return false;
            }
            handler.accept(envelope);
            return true;
        }));
    }

    /**
     * Records that the consumer handled the event, inside the caller's transaction.
     *
     * @return false if it was recorded before: the caller must then change nothing
     */
    public boolean remember(String consumer, EventEnvelope envelope) {
        // A concurrent duplicate waits here on the first one's uncommitted row, then finds it.
        return jdbc.update("INSERT INTO processed_event (consumer, event_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                consumer, envelope.id()) == 1;
    }

    /**
     * Records, with one statement and inside the caller's transaction, that the consumer handled
     * these events.
     *
     * @return the ids not recorded before: the events the caller must handle now
     */
    public Set<UUID> rememberAll(String consumer, List<UUID> eventIds) {
        var ids = new LinkedHashSet<>(eventIds);
        return new HashSet<>(jdbc.query("""
                INSERT INTO processed_event (consumer, event_id) SELECT ?, id FROM unnest(?) AS ids (id)
                ON CONFLICT DO NOTHING RETURNING event_id
                """, (row, rowNum) -> row.getObject(1, UUID.class), consumer, SqlArrays.of("uuid", ids)));
    }
}
