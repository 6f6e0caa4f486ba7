package dev.foodorder.notification.notifying;

import dev.foodorder.events.EventEnvelope;
import dev.foodorder.events.IntegrationEvent;
import dev.foodorder.events.order.OrderEventsMother;
import dev.foodorder.infrastructure.test.RealInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The mail server goes down: events are still consumed, emails wait, and go out once it is back. */
@SpringBootTest(properties = {
        "notifications.delivery.poll-interval=100ms",
        "notifications.delivery.initial-back-off=200ms",
        "notifications.delivery.max-back-off=500ms",
        "notifications.delivery.max-attempts=1000"})
@RealInfrastructure
class MailOutageTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final MailServer mailServer = MailServer.start();

    @DynamicPropertySource
    static void mailServer(DynamicPropertyRegistry registry) {
        mailServer.registerWith(registry);
    }

    @AfterAll
    static void stopMailServer() {
        mailServer.close();
    }

    @Autowired
    KafkaTemplate<Object, Object> kafka;

    @Autowired
    Notifications notifications;

    @Test
    void keepsNotificationsThroughAnOutageAndSendsThemOnceTheMailServerIsBack() throws IOException, InterruptedException {
        var order = TestEvents.newOrder();
        mailServer.stop();

        publish(order.placed());
        await().atMost(PATIENCE).until(() -> storedFor(order), stored -> stored.size() == 1
                && stored.getFirst().status() == DeliveryStatus.FAILED && stored.getFirst().attempts() >= 2);
        var failed = storedFor(order).getFirst();
        assertThat(failed.lastError()).contains("Connection refused");
        assertThat(failed.nextAttemptAt()).isNotNull();
        assertThat(failed.sentAt()).isNull();

        // The outage holds up emails, never the consumption of events.
        publish(order.confirmed());
        await().atMost(PATIENCE).until(() -> storedFor(order), stored -> stored.size() == 2);

        mailServer.restart();

        await().atMost(PATIENCE).until(() -> storedFor(order), stored -> stored.stream()
                .allMatch(notification -> notification.status() == DeliveryStatus.SENT));
        assertThat(storedFor(order)).allSatisfy(notification -> {
            assertThat(notification.lastError()).isNull();
            assertThat(notification.nextAttemptAt()).isNull();
            assertThat(notification.sentAt()).isNotNull();
        });
        assertThat(storedFor(order)).filteredOn(notification -> notification.type() == NotificationType.ORDER_RECEIVED)
                .singleElement().satisfies(notification -> assertThat(notification.attempts()).isGreaterThan(2));
        assertThat(mailServer.messagesTo(order.customerEmail())).extracting(MailServer::subject).containsExactlyInAnyOrder(
                "We received your order " + order.key().substring(0, 8),
                "Your order " + order.key().substring(0, 8) + " is confirmed");
    }

    @Test
    void goesOnConsumingWhileTheMailServerHangs() throws IOException, InterruptedException {
        var order = TestEvents.newOrder();
        mailServer.hang();

        publish(order.placed());
        // Claimed, and stuck waiting for a greeting that does not come (read timeout: 10 s).
        await().atMost(PATIENCE).until(() -> storedFor(order), stored -> stored.size() == 1
                && stored.getFirst().attempts() == 1 && stored.getFirst().status() == DeliveryStatus.PENDING);

        publish(order.confirmed());
        await().atMost(PATIENCE).until(() -> storedFor(order), stored -> stored.size() == 2);
        assertThat(storedFor(order)).filteredOn(notification -> notification.type() == NotificationType.ORDER_RECEIVED)
                .singleElement().satisfies(stuck -> {
                    assertThat(stuck.status()).isEqualTo(DeliveryStatus.PENDING);
                    assertThat(stuck.attempts()).isEqualTo(1);
                });

        mailServer.restart();

        await().atMost(PATIENCE).until(() -> storedFor(order), stored -> stored.stream()
                .allMatch(notification -> notification.status() == DeliveryStatus.SENT));
        assertThat(mailServer.messagesTo(order.customerEmail())).hasSize(2);
    }

    private void publish(IntegrationEvent event) {
        var envelope = EventEnvelope.of("/test", event);
        kafka.send(envelope.topic(), envelope.key(), envelope);
    }

    private List<Notification> storedFor(OrderEventsMother order) {
        return notifications.findAll().stream()
                .filter(notification -> order.orderId().value().equals(notification.orderId()))
                .toList();
    }
}
