package dev.foodorder.notification.notifying;

import dev.foodorder.events.EventEnvelope;
import dev.foodorder.events.IntegrationEvent;
import dev.foodorder.events.order.OrderEventsMother;
import dev.foodorder.infrastructure.Database;
import dev.foodorder.infrastructure.test.Infrastructure;
import dev.foodorder.messaging.kafka.CloudEventRecords;
import dev.foodorder.notification.NotificationApplication;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service is stopped while orders go on, and started again: it takes up from its consumer
 * group's committed offsets, so it tells the customer everything that happened meanwhile, once.
 */
class CatchUpAfterRestartTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Test
    void notifiesOnceAboutEverythingThatHappenedWhileItWasDown() throws Exception {
        var database = Infrastructure.get().newDatabase("catch_up_after_restart");
        var order = TestEvents.newOrder();
        try (var mailServer = MailServer.start(); var producer = producer()) {
            try (var service = start(database, mailServer)) {
                publish(producer, order.placed());
                await().atMost(PATIENCE).until(() -> mailServer.messagesTo(order.customerEmail()).size() == 1);
                assertThat(storedTypes(service, order)).containsExactly(NotificationType.ORDER_RECEIVED);
            }

            publish(producer, order.confirmed());
            publish(producer, order.cancelled());

            try (var service = start(database, mailServer)) {
                await().atMost(PATIENCE).until(() -> mailServer.messagesTo(order.customerEmail()).size() == 3);
                assertThat(mailServer.messagesTo(order.customerEmail())).extracting(MailServer::subject).containsExactly(
                        "We received your order " + order.key().substring(0, 8),
                        "Your order " + order.key().substring(0, 8) + " is confirmed",
                        "Your order " + order.key().substring(0, 8) + " is cancelled");
                assertThat(storedTypes(service, order)).containsExactlyInAnyOrder(NotificationType.ORDER_RECEIVED,
                        NotificationType.ORDER_CONFIRMED, NotificationType.ORDER_CANCELLED);
            }
        }
    }

    private static ConfigurableApplicationContext start(Database database, MailServer mailServer) {
        return new SpringApplicationBuilder(NotificationApplication.class).run(
                "--spring.kafka.bootstrap-servers=" + Infrastructure.get().kafkaBootstrapServers(),
                "--spring.datasource.url=" + database.jdbcUrl(),
                "--spring.datasource.username=" + database.username(),
                "--spring.datasource.password=" + database.password(),
                "--spring.mail.host=" + mailServer.host(),
                "--spring.mail.port=" + mailServer.port(),
                "--server.port=0",
                "--management.server.port=0",
                "--notifications.delivery.poll-interval=100ms");
    }

    private static List<NotificationType> storedTypes(ConfigurableApplicationContext service, OrderEventsMother order) {
        return service.getBean(Notifications.class).findAll().stream()
                .filter(notification -> order.orderId().value().equals(notification.orderId()))
                .map(Notification::type)
                .toList();
    }

    /** A producer of its own, as the other services are: the events must flow while this one is down. */
    private static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.get().kafkaBootstrapServers()),
                new StringSerializer(), new ByteArraySerializer());
    }

    private static void publish(KafkaProducer<String, byte[]> producer, IntegrationEvent event)
            throws InterruptedException, ExecutionException {
        producer.send(CloudEventRecords.toRecord(EventEnvelope.of("/test", event))).get();
    }
}
