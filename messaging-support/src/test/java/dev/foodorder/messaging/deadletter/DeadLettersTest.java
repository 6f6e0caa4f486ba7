package dev.foodorder.messaging.deadletter;

import dev.foodorder.infrastructure.test.TestIssuer;
import dev.foodorder.events.CloudEventHeaders;
import dev.foodorder.events.EventEnvelope;
import dev.foodorder.events.IntegrationEvent;
import dev.foodorder.events.OrderId;
import dev.foodorder.events.Topics;
import dev.foodorder.events.order.OrderConfirmed;
import dev.foodorder.events.order.OrderEventsMother;
import dev.foodorder.infrastructure.test.Infrastructure;
import dev.foodorder.infrastructure.test.RealInfrastructure;
import dev.foodorder.infrastructure.test.TopicReader;
import dev.foodorder.messaging.consumer.EventBatches;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.test.utils.ContainerTestUtils;
import org.springframework.test.web.servlet.client.RestTestClient;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;

import static dev.foodorder.infrastructure.test.TopicReader.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Dead letters as an operator meets them, on a real broker and a real database: a record that fails in a
 * listener is parked, listed with why it failed, counted as waiting, and replayed once to the group's replay
 * topic of its topic, where the listener, fixed meanwhile, handles it; its topic, which other groups read,
 * never sees it again.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.kafka.consumer.group-id=" + DeadLettersTest.GROUP,
        // One retry, soon: a failing record is parked within a second.
        "messaging.consumer.max-retries=1",
        "messaging.consumer.initial-back-off=10ms",
        // Consumers remember event ids for a day here, so that a record of two days ago is outside the window.
        "messaging.consumer.processed-retention=1d"})
@RealInfrastructure
class DeadLettersTest {

    static final String GROUP = "dead-letters-test";
    private static final String ORDERS_DLT = Topics.deadLetter(Topics.ORDERS);
    private static final String ORDERS_REPLAY = Topics.replay(Topics.ORDERS, GROUP);
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    /** Long enough for a record published by mistake to have arrived. */
    private static final Duration QUIET = Duration.ofSeconds(2);

    @LocalServerPort
    int port;

    @Autowired
    KafkaTemplate<Object, Object> kafka;

    @Autowired
    MeterRegistry meters;

    @Autowired
    Kitchen kitchen;

    RestTestClient http;
    TopicReader orders;
    TopicReader replays;

    @BeforeEach
    void connect(@Autowired KafkaListenerEndpointRegistry listeners) {
        http = RestTestClient.bindToServer().baseUrl("http://localhost:" + port)
                .defaultHeader("Authorization", TestIssuer.get().bearerForStaff()).build();
        orders = new TopicReader(Infrastructure.get().kafkaBootstrapServers(), Topics.ORDERS);
        replays = new TopicReader(Infrastructure.get().kafkaBootstrapServers(), ORDERS_REPLAY);
        listeners.getListenerContainers().forEach(container -> ContainerTestUtils.waitForAssignment(container, 2 * Topics.DEFAULT_PARTITIONS));
        // The figures are known once the start-up read of the topics is done; each test leaves nothing waiting.
        await().atMost(PATIENCE).until(() -> waiting() == 0);
    }

    /** Leaves nothing waiting for the next test, whatever this one did. */
    @AfterEach
    void replayWhatWaits() {
        kitchen.fixed();
        orders.close();
        replays.close();
        http.post().uri("/api/dead-letters/replay?force=true").exchange().expectStatus().isOk();
    }

    @Test
    void replaysAParkedRecordOnceAndTheFixedListenerHandlesIt() {
        var order = OrderEventsMother.anOrder();
        kitchen.failsFor(order.orderId());
        var envelope = publish(order.confirmed());

        await().atMost(PATIENCE).until(() -> waiting() == 1);
        assertThat(oldestAgeSeconds()).isPositive();
        var parked = listed(envelope.id());
        assertThat(parked.get("dltTopic").asString()).isEqualTo(ORDERS_DLT);
        assertThat(parked.get("key").asString()).isEqualTo(order.key());
        assertThat(parked.get("type").asString()).isEqualTo("food.order.confirmed.v1");
        assertThat(parked.get("originalTopic").asString()).isEqualTo(Topics.ORDERS);
        assertThat(parked.get("exception").asString()).isEqualTo(IllegalStateException.class.getName());
        assertThat(parked.get("message").asString()).contains("The oven is cold");
        assertThat(parked.get("replayed").asBoolean()).isFalse();
        assertThat(parked.get("replayedAt").isNull()).isTrue();
        var original = orders.await(withId(envelope.id()), found -> found.size() == 1, PATIENCE).getFirst();
        assertThat(parked.get("originalPartition").asInt()).isEqualTo(original.partition());
        assertThat(parked.get("originalOffset").asLong()).isEqualTo(original.offset());

        kitchen.fixed();
        var replay = http.post().uri(replayOf(parked)).exchange()
                .expectStatus().isOk()
                .returnResult(JsonNode.class).getResponseBody();

        assertThat(replay.get("id").asString()).isEqualTo(envelope.id().toString());
        assertThat(replay.get("topic").asString()).isEqualTo(ORDERS_REPLAY);
        assertThat(replay.get("partition").asInt()).isEqualTo(original.partition());
        var replayed = replays.await(withId(envelope.id()), found -> found.size() == 1, PATIENCE).getFirst();
        assertThat(replayed.offset()).isEqualTo(replay.get("offset").asLong());
        assertThat(replayed.key()).isEqualTo(order.key());
        assertThat(replayed.value()).isEqualTo(original.value());
        assertThat(header(replayed, Replays.REPLAYED_FROM))
                .isEqualTo("%s-%d@%d".formatted(ORDERS_DLT, parked.get("partition").asInt(), parked.get("offset").asLong()));
        assertThat(StreamSupport.stream(replayed.headers().spliterator(), false)).extracting(h -> h.key())
                .contains(CloudEventHeaders.ID, CloudEventHeaders.TYPE)
                .noneMatch(key -> key.startsWith("kafka_dlt-"));
        await().atMost(PATIENCE).until(() -> kitchen.handled(envelope.id()) == 1);
        assertThat(waiting()).isZero();
        assertThat(oldestAgeSeconds()).isZero();

        http.post().uri(replayOf(parked)).exchange()
                .expectStatus().isEqualTo(HttpStatus.CONFLICT)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(String.class, detail -> assertThat(detail).contains("replayed once"));

        assertThat(replays.drain(withId(envelope.id()), QUIET)).hasSize(1);
        assertThat(orders.drain(withId(envelope.id()), QUIET)).as("only the original on the topic other groups read").hasSize(1);
        assertThat(kitchen.handled(envelope.id())).isEqualTo(1);
        var listedAgain = listed(envelope.id());
        assertThat(listedAgain.get("replayed").asBoolean()).isTrue();
        assertThat(Instant.parse(listedAgain.get("replayedAt").asString())).isBefore(Instant.now().plusSeconds(1));
        assertThat(waiting()).isZero();
    }

    @Test
    void replaysEveryRecordThatWaitsOnceAndNothingTwice() {
        var first = OrderEventsMother.anOrder();
        var second = OrderEventsMother.anOrder();
        kitchen.failsFor(first.orderId(), second.orderId());
        var ids = Set.of(publish(first.confirmed()).id(), publish(second.confirmed()).id());
        await().atMost(PATIENCE).until(() -> waiting() == 2);
        kitchen.fixed();

        var answer = http.post().uri("/api/dead-letters/replay?topic=orders").exchange()
                .expectStatus().isOk()
                .returnResult(JsonNode.class).getResponseBody();

        assertThat(answer.get("replayed").valueStream().map(replay -> UUID.fromString(replay.get("id").asString())))
                .containsExactlyInAnyOrderElementsOf(ids);
        assertThat(answer.get("skipped").isEmpty()).isTrue();
        await().atMost(PATIENCE).until(() -> ids.stream().allMatch(id -> kitchen.handled(id) == 1));
        assertThat(waiting()).isZero();

        var again = http.post().uri("/api/dead-letters/replay").exchange()
                .expectStatus().isOk()
                .returnResult(JsonNode.class).getResponseBody();

        assertThat(again.get("replayed").valueStream().map(replay -> replay.get("id").asString()))
                .doesNotContainAnyElementsOf(ids.stream().map(UUID::toString).toList());
        for (var id : ids) {
            assertThat(orders.drain(withId(id), QUIET)).as("copies of %s on %s", id, Topics.ORDERS).hasSize(1);
            assertThat(replays.drain(withId(id), QUIET)).as("copies of %s on %s", id, ORDERS_REPLAY).hasSize(1);
            assertThat(kitchen.handled(id)).isEqualTo(1);
        }
    }

    @Test
    void aReplayThatFailsAgainIsParkedBesideTheFirstAndReplayedToTheSameReplayTopic() {
        var order = OrderEventsMother.anOrder();
        kitchen.failsFor(order.orderId());
        var envelope = publish(order.confirmed());
        await().atMost(PATIENCE).until(() -> waiting() == 1);
        var first = listed(envelope.id());

        http.post().uri(replayOf(first)).exchange().expectStatus().isOk();

        await().atMost(PATIENCE).until(() -> waiting() == 1 && parked(envelope.id()).size() == 2);
        var again = parked(envelope.id()).stream().filter(record -> !record.get("replayed").asBoolean()).findFirst().orElseThrow();
        assertThat(again.get("dltTopic").asString()).isEqualTo(ORDERS_DLT);
        assertThat(again.get("originalTopic").asString()).isEqualTo(ORDERS_REPLAY);
        kitchen.fixed();

        var replay = http.post().uri(replayOf(again)).exchange()
                .expectStatus().isOk()
                .returnResult(JsonNode.class).getResponseBody();

        assertThat(replay.get("topic").asString()).isEqualTo(ORDERS_REPLAY);
        await().atMost(PATIENCE).until(() -> kitchen.handled(envelope.id()) == 1);
        assertThat(replays.drain(withId(envelope.id()), QUIET)).hasSize(2);
        assertThat(waiting()).isZero();
    }

    @Test
    void anEventFromBeforeTheDeduplicationWindowIsReplayedOnlyWhenForced() {
        var order = OrderEventsMother.anOrder();
        kitchen.failsFor(order.orderId());
        var twoDaysAgo = Instant.now().minus(Duration.ofDays(2));
        var envelope = publish(order.confirmed(), twoDaysAgo);
        await().atMost(PATIENCE).until(() -> waiting() == 1);
        var parked = listed(envelope.id());
        assertThat(Instant.parse(parked.get("originalTimestamp").asString())).isEqualTo(twoDaysAgo.truncatedTo(ChronoUnit.MILLIS));
        kitchen.fixed();

        http.post().uri(replayOf(parked)).exchange()
                .expectStatus().isEqualTo(HttpStatus.CONFLICT)
                .expectBody().jsonPath("$.detail").value(String.class, detail -> assertThat(detail).contains("force=true"));
        assertThat(kitchen.handled(envelope.id())).isZero();

        http.post().uri(replayOf(parked) + "?force=true").exchange().expectStatus().isOk();

        await().atMost(PATIENCE).until(() -> kitchen.handled(envelope.id()) == 1);
        assertThat(waiting()).isZero();
    }

    @Test
    void aRecordThatIsNotThereOrThatAnotherGroupParkedIsNotFoundAndABadQueryIsRefused() throws Exception {
        var elsewhere = new ProducerRecord<Object, Object>(ORDERS_DLT, 0, "someone-else's", "{}".getBytes(StandardCharsets.UTF_8));
        elsewhere.headers().add(KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP, "another-service".getBytes(StandardCharsets.UTF_8));
        var theirs = kafka.send(elsewhere).get(10, TimeUnit.SECONDS).getRecordMetadata();

        http.post().uri("/api/dead-letters/{topic}/{partition}/{offset}/replay", ORDERS_DLT, theirs.partition(), theirs.offset())
                .exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        http.post().uri("/api/dead-letters/{topic}/0/{offset}/replay", ORDERS_DLT, Long.MAX_VALUE / 2).exchange()
                .expectStatus().isNotFound();
        http.post().uri("/api/dead-letters/orders/0/0/replay").exchange()
                .expectStatus().isNotFound();
        http.get().uri("/api/dead-letters?topic=nowhere").exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        http.get().uri("/api/dead-letters?limit=0").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("limit");
        var listing = list();
        assertThat(listing.get("records").valueStream())
                .noneMatch(record -> record.get("offset").asLong() == theirs.offset() && record.get("partition").asInt() == theirs.partition()
                        && record.get("dltTopic").asString().equals(ORDERS_DLT));
        assertThat(waiting()).isZero();
    }

    @Test
    void aDeadLetterTopicThatExistedWithAnotherRetentionIsGivenTheDeclaredOneAtStart(@Autowired KafkaAdmin admin) throws Exception {
        var topic = new ConfigResource(ConfigResource.Type.TOPIC, ORDERS_DLT);
        try (var client = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.get().kafkaBootstrapServers()))) {
            var sevenDays = new ConfigEntry(TopicConfig.RETENTION_MS_CONFIG, Long.toString(Duration.ofDays(7).toMillis()));
            client.incrementalAlterConfigs(Map.of(topic, List.of(new AlterConfigOp(sevenDays, AlterConfigOp.OpType.SET))))
                    .all().get(10, TimeUnit.SECONDS);

            // What the service's start does with the topics it declares.
            admin.initialize();

            var retention = client.describeConfigs(List.of(topic)).all().get(10, TimeUnit.SECONDS).get(topic)
                    .get(TopicConfig.RETENTION_MS_CONFIG).value();
            assertThat(Duration.ofMillis(Long.parseLong(retention))).isEqualTo(Duration.ofDays(30));
        }
    }

    private EventEnvelope publish(IntegrationEvent event) {
        return publish(event, null);
    }

    /** @param at when the event happened and its record was published; now if null */
    private EventEnvelope publish(IntegrationEvent event, Instant at) {
        var envelope = at == null ? EventEnvelope.of("/dead-letters-test", event)
                : new EventEnvelope(UUID.randomUUID(), "/dead-letters-test", at, event);
        var record = new ProducerRecord<Object, Object>(envelope.topic(), null, at == null ? null : at.toEpochMilli(),
                envelope.key(), envelope);
        try {
            kafka.send(record).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return envelope;
    }

    private JsonNode list() {
        return http.get().uri("/api/dead-letters").exchange()
                .expectStatus().isOk()
                .returnResult(JsonNode.class).getResponseBody();
    }

    /** The listed record with this {@code ce_id}. */
    private JsonNode listed(UUID id) {
        return parked(id).stream().findFirst().orElseThrow(() -> new AssertionError("No record with id " + id + " in " + list()));
    }

    /** Every listed record with this {@code ce_id}: a record parked again after a replay is listed twice. */
    private List<JsonNode> parked(UUID id) {
        var listing = list();
        assertThat(listing.get("group").asString()).isEqualTo(GROUP);
        return listing.get("records").valueStream()
                .filter(record -> id.toString().equals(record.get("id").asString()))
                .toList();
    }

    private static String replayOf(JsonNode parked) {
        return "/api/dead-letters/%s/%d/%d/replay".formatted(parked.get("dltTopic").asString(), parked.get("partition").asInt(),
                parked.get("offset").asLong());
    }

    private static Predicate<ConsumerRecord<String, String>> withId(UUID id) {
        return record -> id.toString().equals(header(record, CloudEventHeaders.ID));
    }

    private double waiting() {
        return meters.get("events.dead.letters.waiting").tag("topic", ORDERS_DLT).gauge().value();
    }

    private double oldestAgeSeconds() {
        return meters.get("events.dead.letters.oldest.age").tag("topic", ORDERS_DLT).gauge().value();
    }

    /** A listener as a service has one, that fails on the orders it is told to, until it is fixed. */
    static class Kitchen {

        private final EventBatches batches;
        private final Set<OrderId> failing = ConcurrentHashMap.newKeySet();
        private final List<UUID> handled = new CopyOnWriteArrayList<>();

        Kitchen(EventBatches batches) {
            this.batches = batches;
        }

        @KafkaListener(id = "dead-letters-test-kitchen", idIsGroup = false, topics = {Topics.ORDERS, Topics.ORDERS + EventBatches.REPLAYS}, batch = "true")
        void on(List<ConsumerRecord<String, byte[]>> records) {
            batches.handle(records, EventBatches.only(OrderConfirmed.class), events -> {
                for (var received : events) {
                    var confirmed = (OrderConfirmed) received.event();
                    if (failing.contains(confirmed.orderId())) {
                        throw new IllegalStateException("The oven is cold: order " + confirmed.orderId() + " cannot be cooked");
                    }
                }
                events.forEach(received -> handled.add(received.envelope().id()));
            });
        }

        void failsFor(OrderId... orders) {
            failing.addAll(List.of(orders));
        }

        void fixed() {
            failing.clear();
        }

        long handled(UUID id) {
            return handled.stream().filter(id::equals).count();
        }
    }

    @TestConfiguration
    static class KitchenConfiguration {

        @Bean
        Kitchen kitchen(EventBatches batches) {
            return new Kitchen(batches);
        }
    }
}
