package dev.foodorder.notification.delivery;

import dev.foodorder.notification.Databases;
import dev.foodorder.notification.delivery.Deliveries.Failure;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The dispatcher's statements against a real database: claiming a batch, and settling it. */
class DeliveriesTest {

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final Duration LEASE = Duration.ofMinutes(2);

    private final JdbcClient jdbc = Databases.migrated("deliveries");
    private final Deliveries deliveries = new Deliveries(jdbc);

    @Test
    void claimsTheDueNotificationsOldestDueFirstCountingTheAttemptAndHidingThemForTheLease() {
        var later = insert(NOW.minusSeconds(1));
        var earlier = insert(NOW.minusSeconds(2));
        var notYetDue = insert(NOW.plusSeconds(1));

        var claimed = deliveries.claimDue(NOW, LEASE, 10);

        assertThat(claimed).extracting(Message::notificationId).containsExactly(earlier, later);
        assertThat(claimed).allSatisfy(message -> {
            assertThat(message.attempts()).isEqualTo(1);
            assertThat(message.recipient()).isEqualTo("ada@example.org");
        });
        assertThat(row(earlier)).isEqualTo(new Row("PENDING", 1, null, NOW.plus(LEASE), null));
        assertThat(row(notYetDue).attempts()).isZero();
        assertThat(deliveries.claimDue(NOW, LEASE, 10)).as("claimed ones are hidden for the lease").isEmpty();
        assertThat(deliveries.claimDue(NOW.plus(LEASE), LEASE, 10)).as("and fall due again after it")
                .extracting(Message::notificationId).containsExactlyInAnyOrder(earlier, later, notYetDue);
    }

    @Test
    void claimsNoMoreThanTheLimit() {
        var first = insert(NOW.minusSeconds(3));
        insert(NOW.minusSeconds(2));

        assertThat(deliveries.claimDue(NOW, LEASE, 1)).extracting(Message::notificationId).containsExactly(first);
    }

    @Test
    void settlesTheSentOnesForgettingTheLastError() {
        var id = insert(NOW);
        var first = deliveries.claimDue(NOW, LEASE, 10);
        deliveries.failed(List.of(new Failure(first.getFirst(), "Connection refused", NOW.plusSeconds(10))));
        var second = deliveries.claimDue(NOW.plusSeconds(10), LEASE, 10);

        deliveries.sent(second, NOW.plusSeconds(11));

        assertThat(row(id)).isEqualTo(new Row("SENT", 2, null, null, NOW.plusSeconds(11)));
    }

    @Test
    void settlesTheFailedOnesEachWithItsNextAttemptOrNoneWhenNoneIsLeft() {
        var retried = insert(NOW);
        var abandoned = insert(NOW);
        var claimed = deliveries.claimDue(NOW, LEASE, 10);

        deliveries.failed(List.of(new Failure(claimed.get(0), "Connection refused", NOW.plusSeconds(10)),
                new Failure(claimed.get(1), "Mailbox unavailable", null)));

        assertThat(row(retried)).isEqualTo(new Row("FAILED", 1, "Connection refused", NOW.plusSeconds(10), null));
        assertThat(row(abandoned)).isEqualTo(new Row("FAILED", 1, "Mailbox unavailable", null, null));
    }

    @Test
    void keepsTheLastErrorShort() {
        var id = insert(NOW);

        deliveries.failed(List.of(new Failure(deliveries.claimDue(NOW, LEASE, 10).getFirst(), "x".repeat(5000), null)));

        assertThat(row(id).lastError()).hasSize(1000);
    }

    private long insert(Instant due) {
        return jdbc.sql("""
                        INSERT INTO notification (event_id, type, recipient, subject, body, occurred_at, created_at, status, next_attempt_at)
                        VALUES (?, 'STOCK_LOW', 'ada@example.org', 'Subject', 'Body', ?, ?, 'PENDING', ?) RETURNING id
                        """)
                .params(UUID.randomUUID(), Timestamp.from(due), Timestamp.from(due), Timestamp.from(due))
                .query(Long.class).single();
    }

    private Row row(long id) {
        return jdbc.sql("SELECT status, attempts, last_error, next_attempt_at, sent_at FROM notification WHERE id = ?")
                .param(id)
                .query((row, rowNum) -> new Row(row.getString(1), row.getInt(2), row.getString(3), instant(row.getTimestamp(4)),
                        instant(row.getTimestamp(5))))
                .single();
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private record Row(String status, int attempts, String lastError, Instant nextAttemptAt, Instant sentAt) {
    }
}
