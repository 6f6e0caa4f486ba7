package dev.foodorder.notification;

import dev.foodorder.events.EventEnvelope;
import dev.foodorder.infrastructure.test.RealInfrastructure;
import dev.foodorder.notification.notification.DeliveryStatus;
import dev.foodorder.notification.notification.Notification;
import dev.foodorder.notification.notification.Notifications;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A backlog of events is stored a poll at a time, each poll in one transaction, and every
 * notification of it is delivered once.
 */
@SpringBootTest
@RealInfrastructure
class BatchConsumptionTest {

    private static final int ORDERS = 200;
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final MailServer mailServer = MailServer.start();

    @DynamicPropertySource
    static void mailServer(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", mailServer::host);
        registry.add("spring.mail.port", mailServer::port);
    }

    @AfterAll
    static void stopMailServer() {
        mailServer.close();
    }

    @Autowired
    KafkaTemplate<Object, Object> kafka;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    Notifications notifications;

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Test
    void storesABacklogInAFewTransactionsAndDeliversEachNotificationOnce() {
        var container = listeners.getListenerContainer("notification-events");
        container.stop();
        await().atMost(PATIENCE).until(() -> !container.isRunning());
        var orders = IntStream.range(0, ORDERS).mapToObj(i -> TestEvents.newOrder()).toList();
        var envelopes = orders.stream().map(order -> EventEnvelope.of("/test", order.placed())).toList();
        envelopes.forEach(envelope -> kafka.send(envelope.topic(), envelope.key(), envelope));
        kafka.flush();

        container.start();

        var eventIds = envelopes.stream().map(EventEnvelope::id).collect(Collectors.toSet());
        await().atMost(PATIENCE).until(() -> storedFor(eventIds), stored -> stored.size() == ORDERS
                && stored.stream().allMatch(notification -> notification.status() == DeliveryStatus.SENT));
        assertThat(storedFor(eventIds)).allSatisfy(notification -> assertThat(notification.attempts()).isEqualTo(1));
        assertThat(transactionsThatHandled(envelopes)).as("transactions for %d events", ORDERS).isLessThan(ORDERS / 20);
        var emails = mailServer.messages().stream().map(BatchConsumptionTest::recipient)
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(orders).extracting(TestEvents::customerEmail).allSatisfy(customer -> assertThat(emails.get(customer)).as(customer).isEqualTo(1));
    }

    private List<Notification> storedFor(Set<UUID> eventIds) {
        return notifications.findAll().stream().filter(notification -> eventIds.contains(notification.eventId())).toList();
    }

    /** Each row's xmin is the transaction that inserted it: a batch leaves one for all its events. */
    private long transactionsThatHandled(List<EventEnvelope> envelopes) {
        return jdbc.queryForObject("SELECT count(DISTINCT xmin::text) FROM processed_event WHERE event_id = ANY (?)", Long.class,
                (Object) envelopes.stream().map(EventEnvelope::id).toArray(UUID[]::new));
    }

    private static String recipient(MimeMessage email) {
        try {
            return Arrays.stream(email.getRecipients(Message.RecipientType.TO)).map(Object::toString).collect(Collectors.joining(","));
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
