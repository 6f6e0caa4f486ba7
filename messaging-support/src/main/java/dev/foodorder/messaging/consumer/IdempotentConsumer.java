package dev.foodorder.messaging.consumer;

import dev.foodorder.messaging.SqlArrays;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Handles each event at most once per consumer, however often Kafka delivers it. The event's id
 * is recorded in {@code processed_event} in the same transaction as the state change it causes:
 * if the change commits, so does the record of it; if it rolls back, the event is retried.
 */
public class IdempotentConsumer {

    private final JdbcTemplate jdbc;

    public IdempotentConsumer(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records, with one statement and inside the caller's transaction, that the consumer handled
     * these events. A concurrent transaction recording one of them waits on the first one's
     * uncommitted row, then finds it.
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
