package dev.foodorder.order.ordering;

import dev.foodorder.infrastructure.test.TestIssuer;
import dev.foodorder.events.EventEnvelope;
import dev.foodorder.events.IntegrationEvent;
import dev.foodorder.events.OrderId;
import dev.foodorder.events.Topics;
import dev.foodorder.infrastructure.test.Infrastructure;
import dev.foodorder.infrastructure.test.RealInfrastructure;
import dev.foodorder.infrastructure.test.TopicReader;
import dev.foodorder.messaging.kafka.CloudEventRecords;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.utils.ContainerTestUtils;
import org.springframework.test.web.servlet.client.RestTestClient;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole service on a random port, against the real Kafka broker and a PostgreSQL database of
 * the test class's own. Tests talk to it as its clients do: HTTP in front, events on the topics.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@RealInfrastructure
abstract class OrderServiceIntegrationTest {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** Reads what the service published, and what it dead-lettered, as any client would. */
    static TopicReader topics;

    @LocalServerPort
    int port;

    @Autowired
    KafkaTemplate<Object, Object> kafka;

    RestTestClient http;

    @BeforeAll
    static void openProbe() {
        topics = new TopicReader(Infrastructure.get().kafkaBootstrapServers(),
                Topics.ORDERS, Topics.deadLetter(Topics.INVENTORY));
    }

    @AfterAll
    static void closeProbe() {
        topics.close();
    }

    @BeforeEach
    void connect(@Autowired KafkaListenerEndpointRegistry listeners) {
        http = RestTestClient.bindToServer().baseUrl("http://localhost:" + port)
                .defaultHeader("Authorization", TestIssuer.get().bearerForStaff()).build();
        // Until the service's consumers own every partition, an answer fed in would wait for them.
        listeners.getListenerContainers()
                .forEach(container -> ContainerTestUtils.waitForAssignment(container, 2 * Topics.DEFAULT_PARTITIONS));
    }

    /** Places an order, expecting it to be accepted, and returns its id. */
    OrderId place(String body) {
        var order = http.post().uri("/api/orders").contentType(MediaType.APPLICATION_JSON).body(body)
                .exchange()
                .expectStatus().isEqualTo(HttpStatus.ACCEPTED)
                .returnResult(JsonNode.class).getResponseBody();
        assertThat(order).isNotNull();
        return OrderId.parse(order.get("orderId").asString());
    }

    JsonNode order(OrderId id) {
        return http.get().uri("/api/orders/{id}", id).exchange()
                .expectStatus().isOk()
                .returnResult(JsonNode.class).getResponseBody();
    }

    /** The order's history as "SENT type" and "RECEIVED type", oldest first. */
    static List<String> history(JsonNode order) {
        return order.get("history").valueStream()
                .map(entry -> entry.get("direction").asString() + " " + entry.get("type").asString())
                .toList();
    }

    /** Waits until the order's events on topic {@code orders} are at least this many, and returns them in order. */
    static List<EventEnvelope> awaitEvents(OrderId id, int count) {
        return awaitRecords(Topics.ORDERS, id, count).stream().map(OrderServiceIntegrationTest::decode).toList();
    }

    static List<ConsumerRecord<String, String>> awaitRecords(String topic, OrderId id, int count) {
        return topics.await(record -> record.topic().equals(topic) && id.toString().equals(record.key()),
                records -> records.size() >= count, TIMEOUT);
    }

    static EventEnvelope decode(ConsumerRecord<String, String> record) {
        return CloudEventRecords.read(record.topic(), record.headers(), record.value().getBytes(StandardCharsets.UTF_8));
    }

    /** Publishes an event as the inventory service would, waiting until the broker has it. */
    EventEnvelope publish(IntegrationEvent event) {
        return publish(EventEnvelope.of("/inventory-service", event));
    }

    EventEnvelope publish(EventEnvelope envelope) {
        try {
            kafka.send(envelope.topic(), envelope.key(), envelope).get(10, TimeUnit.SECONDS);
            return envelope;
        } catch (Exception e) {
            throw new AssertionError("Kafka did not take " + envelope, e);
        }
    }
}
