package dev.foodorder.notification.delivery;

import dev.foodorder.messaging.SqlArrays;
import dev.foodorder.notification.notifying.NotificationType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The dispatcher's statements, one per batch of notifications whatever its size. Each commits on
 * its own: a claim must be committed before the channel is asked, and a settlement as soon as the
 * channel has answered.
 */
@Component
class Deliveries {

    private final JdbcClient jdbc;

    Deliveries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Claims the notifications due at {@code now}, oldest due first, for one attempt each: counts
     * the attempt and hides them for the lease, so that, should the dispatcher die before it
     * settles them, they fall due again when the lease runs out. Rows another dispatcher has
     * locked are skipped rather than waited for, so instances share the work without blocking.
     *
     * @return the claimed notifications, oldest due first, so that a customer reads "received"
     *         before "confirmed"
     */
    List<Message> claimDue(Instant now, Duration lease, int limit) {
        return jdbc.sql("""
                        WITH due AS (
                            SELECT id, next_attempt_at FROM notification WHERE next_attempt_at <= ?
                            ORDER BY next_attempt_at, id LIMIT ? FOR UPDATE SKIP LOCKED),
                        claimed AS (
                            UPDATE notification SET attempts = attempts + 1, next_attempt_at = ? FROM due
                            WHERE notification.id = due.id
                            RETURNING notification.id, event_id, type, recipient, subject, body, attempts,
                                      due.next_attempt_at AS due_at)
                        SELECT * FROM claimed ORDER BY due_at, id
                        """)
                .params(Timestamp.from(now), limit, Timestamp.from(now.plus(lease)))
                .query((row, rowNum) -> new Message(row.getLong("id"), row.getObject("event_id", UUID.class),
                        NotificationType.valueOf(row.getString("type")), row.getString("recipient"),
                        row.getString("subject"), row.getString("body"), row.getInt("attempts")))
                .list();
    }

    void sent(List<Message> messages, Instant now) {
        jdbc.sql("UPDATE notification SET status = 'SENT', sent_at = ?, last_error = NULL, next_attempt_at = NULL WHERE id = ANY (?)")
                .params(Timestamp.from(now), SqlArrays.of("int8", messages.stream().map(Message::notificationId).toList()))
                .update();
    }

    void failed(List<Failure> failures) {
        jdbc.sql("""
                        UPDATE notification SET status = 'FAILED', last_error = failed.error, next_attempt_at = failed.next_attempt_at
                        FROM unnest(?, ?, ?) AS failed (id, error, next_attempt_at) WHERE notification.id = failed.id
                        """)
                .params(SqlArrays.of("int8", failures.stream().map(failure -> failure.message().notificationId()).toList()),
                        SqlArrays.of("text", failures.stream().map(Failure::error).toList()),
                        // An Instant prints as ISO-8601 in UTC, which PostgreSQL reads whatever the session's time zone.
                        SqlArrays.of("timestamptz", failures.stream().map(Failure::nextAttemptAt).toList()))
                .update();
    }

    /**
     * A failed attempt.
     *
     * @param error         why, for a person to read: kept short, as a chain of causes can run long
     * @param nextAttemptAt when to try again, or null when no attempt is left
     */
    record Failure(Message message, String error, Instant nextAttemptAt) {

        private static final int MAX_ERROR_LENGTH = 1000;

        Failure {
            if (error != null && error.length() > MAX_ERROR_LENGTH) {
                error = error.substring(0, MAX_ERROR_LENGTH);
            }
        }
    }
}
