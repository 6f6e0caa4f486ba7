package dev.foodorder.notification.delivery;

import dev.foodorder.events.EventEnvelope;
import dev.foodorder.events.SampleEvents;
import dev.foodorder.events.inventory.StockLevelLow;
import dev.foodorder.infrastructure.test.RealInfrastructure;
import dev.foodorder.messaging.consumer.EventBatches.Received;
import dev.foodorder.notification.notifying.Notifier;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.MailSendException;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dispatcher of a running service against a real database: new notifications are delivered
 * from memory, without a claim, and everything else through claims. The Kafka listener is off:
 * the test stores notifications through the {@link Notifier}, as the listener would, and no other
 * test class's records get in the way. A queue of one and a short lease make the claim path's
 * cases quick to reach.
 */
@SpringBootTest(properties = {
        "spring.kafka.listener.auto-startup=false",
        "notifications.delivery.poll-interval=100ms",
        "notifications.delivery.lease=3s",
        "notifications.delivery.queue-capacity=1",
        "notifications.delivery.initial-back-off=100ms",
        "notifications.delivery.max-back-off=100ms",
        "notifications.delivery.max-attempts=2"})
@RealInfrastructure
class DispatcherTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final Duration LEASE = Duration.ofSeconds(3);

    @Autowired
    Notifier notifier;

    @Autowired
    RecordingDeliveries deliveries;

    @Autowired
    RecordingChannel channel;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MeterRegistry meters;

    @AfterEach
    void letTheChannelGo() {
        channel.open();
        channel.succeed();
    }

    @Test
    void deliversANewNotificationFromMemoryWithoutClaimingIt() {
        var id = store();

        var sent = awaitStatus(id, "SENT");

        assertThat(sent.attempts()).isEqualTo(1);
        assertThat(channel.messagesFor(id)).singleElement()
                .satisfies(message -> assertThat(message.attempts()).isEqualTo(1));
        assertThat(deliveries.claimsOf(id)).isZero();
    }

    @Test
    void deliversANotificationWhoseInstanceDiedBeforeDeliveringItOnceItsLeaseHasRunOut() {
        var id = insertLeasedUntil(Instant.now().minusSeconds(1));

        var sent = awaitStatus(id, "SENT");

        assertThat(sent.attempts()).as("the dead instance's attempt, and this one").isEqualTo(2);
        assertThat(deliveries.claimsOf(id)).isEqualTo(1);
        assertThat(channel.messagesFor(id)).hasSize(1);
    }

    @Test
    void queuesNothingForARedeliveredEvent() {
        var event = envelope();
        notifier.handleAll(List.of(new Received(event, null)));
        var id = idOf(event.id());
        awaitStatus(id, "SENT");

        notifier.handleAll(List.of(new Received(event, null)));
        // Had the redelivery queued anything, it would be delivered before this, which comes after it.
        var later = store();

        awaitStatus(later, "SENT");
        assertThat(channel.messagesFor(id)).hasSize(1);
    }

    @Test
    void leavesANewNotificationToTheClaimPathWhenTheQueueIsFull() {
        var overflowBefore = meters.counter("notifications.queue.overflow").count();
        channel.close();
        var inFlight = store();
        await().atMost(PATIENCE).until(() -> channel.holds(inFlight));
        var queued = store();
        var overflowing = store();

        channel.open();

        assertThat(awaitStatus(inFlight, "SENT").attempts()).isEqualTo(1);
        assertThat(awaitStatus(queued, "SENT").attempts()).as("delivered from memory").isEqualTo(1);
        assertThat(awaitStatus(overflowing, "SENT").attempts()).as("claimed once its lease ran out").isEqualTo(2);
        assertThat(List.of(inFlight, queued, overflowing)).extracting(deliveries::claimsOf).containsExactly(0, 0, 1);
        assertThat(meters.counter("notifications.queue.overflow").count()).isEqualTo(overflowBefore + 1);
        assertThat(List.of(inFlight, queued, overflowing)).allSatisfy(id -> assertThat(channel.messagesFor(id)).hasSize(1));
    }

    @Test
    void leavesANotificationWhoseLeaseRanOutInTheQueueToTheDispatcherThatClaimedIt() {
        channel.close();
        var inFlight = store();
        await().atMost(PATIENCE).until(() -> channel.holds(inFlight));
        var queued = store();
        await().atMost(PATIENCE).until(() -> leaseHasRunOut(queued));
        // Another instance's dispatcher, now that the lease allows it (the one in flight outlasted its lease too).
        var claimedElsewhere = deliveries.claimDue(Instant.now(), LEASE, 10);
        assertThat(claimedElsewhere).extracting(Message::notificationId).contains(queued);

        channel.open();
        // Once the batch in flight is settled, the dispatcher goes on to the queue; a later notification
        // stored after that finds room in it (a queue of one) and comes out behind the stale one.
        awaitStatus(inFlight, "SENT");
        var later = store();

        awaitStatus(later, "SENT");
        assertThat(channel.messagesFor(queued)).isEmpty();
        deliveries.sent(claimedElsewhere, Instant.now());
    }

    @Test
    void retriesAFailedFirstAttemptThroughAClaimAndGivesUpAfterTheLast() {
        channel.fail();

        var id = store();

        var abandoned = await().atMost(PATIENCE).until(() -> row(id),
                row -> row.status().equals("FAILED") && row.nextAttemptAt() == null);
        assertThat(abandoned.attempts()).isEqualTo(2);
        assertThat(abandoned.lastError()).isEqualTo("Mailbox unavailable");
        assertThat(channel.messagesFor(id)).extracting(Message::attempts).containsExactly(1, 2);
        assertThat(deliveries.claimsOf(id)).as("for the second attempt only").isEqualTo(1);
    }

    /** Stores a new notification as the listener would, and answers its id. */
    private long store() {
        var event = envelope();
        notifier.handleAll(List.of(new Received(event, null)));
        return idOf(event.id());
    }

    /** A notification as its instance stored it, claimed for its first attempt, had it died before delivering it. */
    private long insertLeasedUntil(Instant leasedUntil) {
        return jdbc.sql("""
                        INSERT INTO notification (event_id, type, recipient, subject, body, occurred_at, created_at, status,
                                                  attempts, next_attempt_at)
                        VALUES (?, 'STOCK_LOW', 'ada@example.org', 'Subject', 'Body', ?, ?, 'PENDING', 1, ?) RETURNING id
                        """)
                .params(UUID.randomUUID(), Timestamp.from(leasedUntil.minus(LEASE)), Timestamp.from(leasedUntil.minus(LEASE)),
                        Timestamp.from(leasedUntil))
                .query(Long.class).single();
    }

    private static EventEnvelope envelope() {
        var low = SampleEvents.all().stream().filter(StockLevelLow.class::isInstance).findFirst().orElseThrow();
        return EventEnvelope.of("/test", low);
    }

    private long idOf(UUID eventId) {
        return jdbc.sql("SELECT id FROM notification WHERE event_id = ?").param(eventId).query(Long.class).single();
    }

    private boolean leaseHasRunOut(long id) {
        return jdbc.sql("SELECT next_attempt_at <= now() FROM notification WHERE id = ?").param(id).query(Boolean.class).single();
    }

    private Row awaitStatus(long id, String status) {
        return await().atMost(PATIENCE).until(() -> row(id), row -> row.status().equals(status));
    }

    private Row row(long id) {
        return jdbc.sql("SELECT status, attempts, last_error, next_attempt_at FROM notification WHERE id = ?")
                .param(id)
                .query((row, rowNum) -> new Row(row.getString(1), row.getInt(2), row.getString(3),
                        row.getTimestamp(4) == null ? null : row.getTimestamp(4).toInstant()))
                .single();
    }

    private record Row(String status, int attempts, String lastError, Instant nextAttemptAt) {
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Recorders {

        @Bean
        @Primary
        RecordingDeliveries recordingDeliveries(JdbcClient jdbc) {
            return new RecordingDeliveries(jdbc);
        }

        @Bean
        @Primary
        RecordingChannel recordingChannel() {
            return new RecordingChannel();
        }
    }

    /** The real statements, remembering which notifications the claim path took. */
    static final class RecordingDeliveries extends Deliveries {

        private final List<Long> claimed = new CopyOnWriteArrayList<>();

        RecordingDeliveries(JdbcClient jdbc) {
            super(jdbc);
        }

        @Override
        List<Message> claimDue(Instant now, Duration lease, int limit) {
            var messages = super.claimDue(now, lease, limit);
            messages.forEach(message -> claimed.add(message.notificationId()));
            return messages;
        }

        int claimsOf(long notificationId) {
            return (int) claimed.stream().filter(id -> id == notificationId).count();
        }
    }

    /**
     * Remembers every message it is given. It can hold a batch, as a mail server that answers
     * slowly does, and refuse every message, as a mailbox that does not exist does.
     */
    static final class RecordingChannel implements DeliveryChannel {

        private final List<Message> given = new CopyOnWriteArrayList<>();
        private volatile CountDownLatch gate = new CountDownLatch(0);
        private volatile List<Message> holding = List.of();
        private volatile boolean failing;

        /** Holds the batches it is given from now on, until {@link #open()}. */
        void close() {
            gate = new CountDownLatch(1);
        }

        void open() {
            gate.countDown();
        }

        void fail() {
            failing = true;
        }

        void succeed() {
            failing = false;
        }

        boolean holds(long notificationId) {
            return holding.stream().anyMatch(message -> message.notificationId() == notificationId);
        }

        List<Message> messagesFor(long notificationId) {
            return given.stream().filter(message -> message.notificationId() == notificationId).toList();
        }

        @Override
        public Map<Long, Exception> deliver(List<Message> messages) {
            holding = messages;
            try {
                gate.await(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            holding = List.of();
            given.addAll(messages);
            var failures = new HashMap<Long, Exception>();
            if (failing) {
                messages.forEach(message -> failures.put(message.notificationId(), new MailSendException("Mailbox unavailable")));
            }
            return failures;
        }
    }
}
