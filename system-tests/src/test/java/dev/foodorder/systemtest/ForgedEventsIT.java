package dev.foodorder.systemtest;

import dev.foodorder.events.CloudEventHeaders;
import dev.foodorder.events.Topics;
import dev.foodorder.infrastructure.KafkaAcls;
import dev.foodorder.infrastructure.test.TopicReader;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Scenario 19: events forged on the broker. Genuine records of an order (its {@code OrderPlaced} and the
 * inventory's answer, copied from the topics) are sent again by a client holding the notification service's
 * credentials, to the topics only the order and inventory services may write and to the inventory's replay
 * topic; it also tries to join the inventory's consumer group. Every attempt is refused by the broker's
 * ACLs (an authorization error); a client without credentials cannot even connect, and one with a wrong
 * password cannot log in. No record reaches a topic, so none reaches a consumer: the books of every service
 * and the end offsets of every topic stand still.
 */
@SystemTest
@Order(19)
@DisplayName("19. Events forged with another service's Kafka credentials, or none, are refused by the broker")
class ForgedEventsIT {

    private static final Duration REFUSED_WITHIN = Duration.ofSeconds(10);

    private final RunningSystem system;

    ForgedEventsIT(RunningSystem system) {
        this.system = system;
    }

    @Test
    void aServiceCannotWriteAnotherServicesTopicsAndNobodyConnectsWithoutCredentials() throws Exception {
        var scenario = Scenario.begin(system, 19, "Forged events").stockUp(1000, 10);
        var order = scenario.place(scenario.customer(1), Map.of("espresso", 1)).id();
        scenario.awaitEveryOrderFinal(Duration.ofMinutes(1));
        var placed = genuineRecord(Topics.ORDERS, order);
        var answered = genuineRecord(Topics.INVENTORY, order);
        var books = new StillBooks(system, List.of(Topics.ORDERS, Topics.INVENTORY, Topics.CUSTOMERS,
                Topics.replay(Topics.ORDERS, "inventory-service")));
        var before = books.awaitStill();
        var refusals = new TreeMap<String, String>();

        try (var notification = producer(KafkaAcls.NOTIFICATION_SERVICE)) {
            for (var forged : List.of(copy(placed, Topics.ORDERS), copy(answered, Topics.INVENTORY),
                    copy(placed, Topics.replay(Topics.ORDERS, "inventory-service")))) {
                var refusal = refusalOf(notification, forged);
                assertThat(refusal).as("%s written to %s with the notification service's login", type(forged), forged.topic())
                        .isInstanceOf(TopicAuthorizationException.class);
                refusals.put("notification-service writing " + forged.topic(), refusal.getClass().getSimpleName());
            }
        }
        assertThatThrownBy(() -> joinGroup(KafkaAcls.NOTIFICATION_SERVICE, "inventory-service"))
                .as("the notification service's login joining the inventory's group").isInstanceOf(GroupAuthorizationException.class);
        refusals.put("notification-service joining group inventory-service", GroupAuthorizationException.class.getSimpleName());
        try (var anonymous = producer(Map.of())) {
            var refusal = refusalOf(anonymous, copy(placed, Topics.ORDERS));
            assertThat(refusal).as("a client without credentials").isInstanceOf(TimeoutException.class);
            refusals.put("no credentials", refusal.getClass().getSimpleName() + " (never connected)");
        }
        try (var impostor = producer(KafkaAcls.clientProperties(new KafkaAcls.Principal("order-service", "guessed")))) {
            var refusal = refusalOf(impostor, copy(placed, Topics.ORDERS));
            assertThat(refusal).as("the order service's name with a guessed password").isInstanceOf(SaslAuthenticationException.class);
            refusals.put("order-service with a guessed password", refusal.getClass().getSimpleName());
        }

        scenario.note("Refused by the broker: %s", refusals);
        books.assertUnmovedFrom(before);
        scenario.assertBooksBalance(Duration.ofMinutes(1));
    }

    /** The first record of the order on the topic, as its service wrote it. */
    private ConsumerRecord<String, String> genuineRecord(String topic, UUID order) {
        try (var reader = new TopicReader(system.kafkaClient(), topic)) {
            return reader.await(record -> order.toString().equals(record.key()), found -> !found.isEmpty(), Duration.ofSeconds(30))
                    .getFirst();
        }
    }

    private static ProducerRecord<String, String> copy(ConsumerRecord<String, String> genuine, String topic) {
        var record = new ProducerRecord<String, String>(topic, null, genuine.key(), genuine.value());
        genuine.headers().forEach(header -> record.headers().add(header));
        return record;
    }

    private static String type(ProducerRecord<String, String> record) {
        var type = record.headers().lastHeader(CloudEventHeaders.TYPE);
        return type == null ? "a record" : new String(type.value(), StandardCharsets.UTF_8);
    }

    private KafkaProducer<String, String> producer(KafkaAcls.Principal principal) {
        return producer(KafkaAcls.clientProperties(principal));
    }

    /** A producer that gives up soon: it retries neither a refusal nor, for long, a broker it cannot reach. */
    private KafkaProducer<String, String> producer(Map<String, Object> login) {
        var config = new HashMap<String, Object>(login);
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, system.kafkaBootstrapServers());
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) REFUSED_WITHIN.toMillis() / 2);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) REFUSED_WITHIN.toMillis() / 2);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) REFUSED_WITHIN.toMillis() / 4);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    /** Why the broker did not take the record; fails the test if it did. */
    private static Throwable refusalOf(KafkaProducer<String, String> producer, ProducerRecord<String, String> record)
            throws InterruptedException {
        try {
            var written = producer.send(record).get(REFUSED_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
            throw new AssertionError("The broker took " + type(record) + " at " + written);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (java.util.concurrent.TimeoutException | RuntimeException e) {
            return e;
        }
    }

    /** Subscribes in the group and polls: a consumer of another group's would take its partitions and commit its offsets. */
    private void joinGroup(KafkaAcls.Principal principal, String group) {
        var config = new HashMap<String, Object>(KafkaAcls.clientProperties(principal));
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, system.kafkaBootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.ORDERS));
            var deadline = System.nanoTime() + REFUSED_WITHIN.toNanos();
            while (System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500));
            }
        }
    }
}
