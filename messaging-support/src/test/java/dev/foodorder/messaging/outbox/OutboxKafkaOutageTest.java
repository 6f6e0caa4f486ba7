package dev.foodorder.messaging.outbox;

import dev.foodorder.events.CloudEventHeaders;
import dev.foodorder.events.OrderId;
import dev.foodorder.events.Topics;
import dev.foodorder.infrastructure.test.Infrastructure;
import dev.foodorder.infrastructure.KafkaProcess;
import dev.foodorder.infrastructure.Ports;
import dev.foodorder.infrastructure.test.TopicReader;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;

import static dev.foodorder.infrastructure.test.TopicReader.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Guarantee 1 of the outbox: an event committed while Kafka is unreachable is published once Kafka
 * is back. This class has a broker of its own, a real Kafka process that it stops and starts
 * again with its data, so stopping it disturbs no other test.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = "messaging.outbox.poll-interval=200ms")
@DirtiesContext
class OutboxKafkaOutageTest {

    static final KafkaProcess broker = startBroker();

    private static KafkaProcess startBroker() {
        try {
            return KafkaProcess.start(Files.createTempDirectory("outbox-outage-kafka"), Ports.free());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        var database = Infrastructure.get().newDatabase("OutboxKafkaOutageTest");
        registry.add("spring.kafka.bootstrap-servers", () -> broker.bootstrapServers());
        registry.add("spring.datasource.url", database::jdbcUrl);
        registry.add("spring.datasource.username", database::username);
        registry.add("spring.datasource.password", database::password);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Autowired
    Outbox outbox;

    @Autowired
    OutboxMetrics metrics;

    @Autowired
    MeterRegistry meters;

    @Autowired
    PlatformTransactionManager transactionManager;

    @Test
    void eventAcceptedWhileKafkaIsDownIsPublishedWhenKafkaIsBack() {
        var transactions = new TransactionTemplate(transactionManager);
        broker.stop();

        var order = OrderId.random();
        var envelope = transactions.execute(status -> outbox.append(OutboxRelayTest.confirmed(order)));

        // The relay tries, fails and keeps the row: the commit did not depend on the broker.
        await().atMost(Duration.ofSeconds(30)).until(() -> meters.counter("outbox.relay.failures").count() >= 1);
        assertThat(metrics.backlog()).isEqualTo(1);

        broker.start();

        try (var reader = new TopicReader(broker.bootstrapServers(), Topics.ORDERS)) {
            var records = reader.await(r -> order.toString().equals(r.key()), found -> !found.isEmpty(), Duration.ofSeconds(60));
            assertThat(header(records.getFirst(), CloudEventHeaders.ID)).isEqualTo(envelope.id().toString());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> metrics.backlog() == 0);
    }
}
