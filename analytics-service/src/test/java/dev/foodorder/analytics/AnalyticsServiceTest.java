package dev.foodorder.analytics;

import dev.foodorder.infrastructure.test.TestIssuer;
import dev.foodorder.analytics.streams.BoundedRocksDbMemory;
import dev.foodorder.analytics.streams.Instances;
import dev.foodorder.analytics.streams.RunningStreams;
import dev.foodorder.analytics.streams.StreamsHealthIndicator;
import dev.foodorder.events.CloudEventHeaders;
import dev.foodorder.events.EventCodec;
import dev.foodorder.events.EventEnvelope;
import dev.foodorder.events.IntegrationEvent;
import dev.foodorder.events.OrderId;
import dev.foodorder.events.Topics;
import dev.foodorder.infrastructure.test.Infrastructure;
import dev.foodorder.infrastructure.test.RealInfrastructure;
import dev.foodorder.infrastructure.test.TopicReader;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.foodorder.events.inventory.InventoryEventsMother.forOrder;
import static dev.foodorder.events.inventory.InventoryEventsMother.item;
import static dev.foodorder.events.order.OrderEventsMother.anOrder;
import static dev.foodorder.events.order.OrderEventsMother.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole service on a random port against the real Kafka broker: events go onto {@code orders} and
 * {@code inventory} as the other services write them, and the views are read over HTTP as the live page
 * reads them. Only this class writes to the broker's topics, and each test waits until the service has
 * read what it wrote, so a test may compare the figures before and after its own events.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.kafka.streams.application-id=" + AnalyticsServiceTest.APPLICATION_ID)
@RealInfrastructure
class AnalyticsServiceTest {

    static final String APPLICATION_ID = "analytics-service-test";

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Path STATE_DIR = temporaryDirectory();

    private static KafkaProducer<String, byte[]> producer;

    @LocalServerPort
    int port;

    @Autowired
    StreamsBuilderFactoryBean streams;

    @Autowired
    RunningStreams running;

    @Autowired
    MeterRegistry meters;

    @Autowired
    StreamsHealthIndicator health;

    RestTestClient http;

    @DynamicPropertySource
    static void stateDirectory(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.streams.state-dir", STATE_DIR::toString);
    }

    @BeforeAll
    static void openProducer() {
        producer = TestRecords.producer();
    }

    @AfterAll
    static void closeProducer() {
        producer.close();
        FileSystemUtils.deleteRecursively(STATE_DIR.toFile());
    }

    @BeforeEach
    void awaitStreamsRunning() {
        http = RestTestClient.bindToServer().baseUrl("http://localhost:" + port)
                .defaultHeader("Authorization", TestIssuer.get().bearerForStaff()).build();
        await().atMost(TIMEOUT).until(() -> running.state().orElse(null) == KafkaStreams.State.RUNNING);
    }

    @Test
    void theAnalyticsAndTheLiveFlowAreForStaffOnlyAndTheLivePagesSettingsAreOpen() {
        var stranger = RestTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
        for (var path : List.of("/api/analytics/figures", "/api/analytics/top-sellers", "/api/analytics/flagged-customers",
                "/api/analytics/orders/" + UUID.randomUUID() + "/timeline", "/api/live/topics", "/api/live/stream")) {
            stranger.get().uri(path).exchange()
                    .expectStatus().isUnauthorized()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
            stranger.get().uri(path).header("Authorization", TestIssuer.get().bearerFor("c-42")).exchange()
                    .expectStatus().isForbidden()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        }
        stranger.get().uri("/api/live/config").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.issuer").isEqualTo(TestIssuer.get().issuerUri())
                .jsonPath("$.clientId").isEqualTo("live-page");
    }

    @Test
    void theFiguresTimelinesAndTopSellersFollowTheEventsOnTheTopics() {
        var before = figures();
        var pizza = uniqueSku("pizza");
        var soup = uniqueSku("soup");
        var now = Instant.now();
        var confirmed = anOrder().withLines(line(pizza, "Test Pizza", 2, "1000.00")).at(now);
        var confirmedRecords = List.of(
                publish(confirmed.placed()),
                publish(forOrder(confirmed.orderId()).at(now.plusMillis(20)).reserved(item(pizza, 2))),
                publish(confirmed.at(now.plusMillis(40)).confirmed()));
        var rejected = anOrder().at(now);
        publish(rejected.placed());
        publish(rejected.at(now.plusMillis(30)).rejected());
        var cancelled = anOrder().withLines(line(soup, "Test Soup", 1, "999.00")).at(now);
        publish(cancelled.placed());
        publish(cancelled.at(now.plusMillis(30)).confirmed());
        publish(cancelled.at(now.plusMillis(60)).cancelled());

        await().atMost(TIMEOUT).untilAsserted(() -> {
            var after = figures();
            assertThat(Counts.of(after.get("totals")))
                    .containsExactlyEntriesOf(Counts.plus(Counts.of(before.get("totals")), 3, 2, 1, 1));
            assertThat(Counts.of(after.get("ordersByStatus"))).containsExactlyEntriesOf(
                    Counts.plus(Counts.of(before.get("ordersByStatus")), 0, 1, 1, 1));
        });
        assertThat(minuteOf(figures(), now.plusMillis(40)).get("outcomeP50Ms").isNumber()).isTrue();
        await().atMost(TIMEOUT).untilAsserted(() -> {
            var timeline = timeline(confirmed.orderId());
            assertThat(timeline.get("status").asString()).isEqualTo("CONFIRMED");
            assertThat(timeline.get("events").valueStream().map(AnalyticsServiceTest::readAt).toList())
                    .containsExactly(readAt(Topics.ORDERS, confirmedRecords.get(0)), readAt(Topics.INVENTORY, confirmedRecords.get(1)),
                            readAt(Topics.ORDERS, confirmedRecords.get(2)));
        });
        await().atMost(TIMEOUT).untilAsserted(() -> {
            var items = topSellers().get("items").valueStream().toList();
            assertThat(items).filteredOn(item -> item.get("sku").asString().equals(pizza)).singleElement().satisfies(item -> {
                assertThat(item.get("quantity").asInt()).isEqualTo(2);
                assertThat(item.get("revenue").decimalValue()).isEqualByComparingTo(new BigDecimal("2000.00"));
                assertThat(item.get("currency").asString()).isEqualTo("EUR");
            });
            assertThat(items).noneMatch(item -> item.get("sku").asString().equals(soup));
        });
    }

    @Test
    void aCustomerWhoOrdersTooOftenIsFlaggedOnTopicCustomers() {
        var customer = "it-" + UUID.randomUUID();
        var start = Instant.now();
        for (var i = 0; i < 6; i++) {
            publish(anOrder().withCustomer(customer, "flagged@example.org").at(start.plusMillis(500L * i)).placed());
        }

        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(flaggedCustomers())
                .filteredOn(flagged -> flagged.get("customerId").asString().equals(customer))
                .singleElement()
                .satisfies(flagged -> {
                    assertThat(flagged.get("orders").asInt()).isEqualTo(6);
                    assertThat(flagged.get("withinSeconds").asInt()).isEqualTo(10);
                    assertThat(Instant.parse(flagged.get("firstPlacedAt").asString())).isEqualTo(start);
                    assertThat(Instant.parse(flagged.get("flaggedAt").asString())).isEqualTo(start.plusMillis(2_500));
                }));
        try (var customers = new TopicReader(Infrastructure.get().kafkaBootstrapServers(), Topics.CUSTOMERS)) {
            var record = customers.await(flag -> customer.equals(flag.key()), flags -> !flags.isEmpty(), TIMEOUT).getFirst();
            assertThat(TopicReader.header(record, CloudEventHeaders.TYPE)).isEqualTo("food.analytics.customer-flagged.v1");
            assertThat(record.headers().headers(CloudEventHeaders.TYPE)).hasSize(1);
            assertThat(TopicReader.header(record, CloudEventHeaders.SOURCE)).isEqualTo("/analytics-service");
        }
    }

    @Test
    void unreadableRecordsAreSkippedAndCountedAndTheNextOnesRead() {
        var unknownTypes = skipped("unknown-type");
        var malformed = skipped("malformed");
        var order = anOrder().at(Instant.now());
        var placed = EventEnvelope.of("/order-service", order.placed());
        var newerVersion = new HashMap<>(placed.headers());
        newerVersion.put(CloudEventHeaders.TYPE, "food.order.placed.v2");
        // Same key, so the same partition: the valid record is read after the unreadable ones.
        send(Topics.ORDERS, order.key(), newerVersion, EventCodec.toJson(placed.data()));
        send(Topics.ORDERS, order.key(), placed.headers(), "{\"orderId\": ".getBytes(StandardCharsets.UTF_8));
        send(Topics.ORDERS, order.key(), placed.headers(), EventCodec.toJson(placed.data()));

        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(timeline(order.orderId()).get("status").asString()).isEqualTo("PENDING"));
        assertThat(skipped("unknown-type")).isEqualTo(unknownTypes + 1);
        assertThat(skipped("malformed")).isEqualTo(malformed + 1);
    }

    @Test
    void theStreamsRunExactlyOnceWithBoundedRocksDbMemory() {
        assertThat(streams.getStreamsConfiguration())
                .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2)
                .containsEntry(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class.getName())
                .containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID)
                .containsEntry(StreamsConfig.STATE_DIR_CONFIG, STATE_DIR.toString());
    }

    @Test
    void theViewsAreDocumentedButNotTheSharesTheInstancesAskEachOtherFor() {
        var paths = get("/v3/api-docs").get("paths");

        assertThat(paths.propertyNames()).contains("/api/analytics/figures", "/api/analytics/top-sellers",
                "/api/analytics/orders/{orderId}/timeline", "/api/analytics/flagged-customers");
        assertThat(paths.propertyNames()).noneMatch(path -> path.startsWith("/api/analytics/internal/"));
        assertThat(paths.get("/api/analytics/orders/{orderId}/timeline").toString()).doesNotContain(Instances.FORWARDED);
    }

    @Test
    void badRequestsAndUnknownOrdersAreAnsweredWithProblemDetails() {
        http.get().uri("/api/analytics/orders/{id}/timeline", UUID.randomUUID()).exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        http.get().uri("/api/analytics/figures?minutes=61").exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void theStateRebuildsFromTheChangelogsWhenTheLocalStateIsDeleted() {
        var sku = uniqueSku("lasagne");
        var order = anOrder().withLines(line(sku, "Test Lasagne", 3, "500.00")).at(Instant.now());
        publish(order.placed());
        publish(order.at(order.at().plusMillis(30)).confirmed());
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(topSellers().get("items").valueStream()
                .map(item -> item.get("sku").asString())).contains(sku));
        var figures = figures();
        var sellers = topSellers().get("items");
        var timeline = timeline(order.orderId());

        assertThat(health.health().getStatus()).isEqualTo(Status.UP);

        streams.stop();
        assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
        http.get().uri("/api/analytics/figures").exchange()
                .expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
                .expectHeader().exists("Retry-After")
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        FileSystemUtils.deleteRecursively(STATE_DIR.resolve(APPLICATION_ID).toFile());
        assertThat(STATE_DIR.resolve(APPLICATION_ID)).doesNotExist();
        streams.start();
        awaitStreamsRunning();

        await().atMost(TIMEOUT).untilAsserted(() -> {
            var rebuilt = figures();
            assertThat(rebuilt.get("totals")).isEqualTo(figures.get("totals"));
            assertThat(rebuilt.get("ordersByStatus")).isEqualTo(figures.get("ordersByStatus"));
            assertThat(minutesByStart(rebuilt)).containsAllEntriesOf(sameMinutes(figures, rebuilt));
            assertThat(topSellers().get("items")).isEqualTo(sellers);
            assertThat(timeline(order.orderId())).isEqualTo(timeline);
        });
    }

    private JsonNode figures() {
        return get("/api/analytics/figures?minutes=60");
    }

    private JsonNode topSellers() {
        return get("/api/analytics/top-sellers?limit=100");
    }

    private JsonNode timeline(OrderId orderId) {
        return get("/api/analytics/orders/" + orderId + "/timeline");
    }

    private List<JsonNode> flaggedCustomers() {
        return get("/api/analytics/flagged-customers?limit=1000").valueStream().toList();
    }

    private JsonNode get(String uri) {
        return http.get().uri(uri).exchange()
                .expectStatus().isOk()
                .returnResult(JsonNode.class).getResponseBody();
    }

    private double skipped(String reason) {
        var counter = meters.find("analytics.records.skipped").tags("topic", Topics.ORDERS, "reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    private static JsonNode minuteOf(JsonNode figures, Instant time) {
        var minute = time.truncatedTo(ChronoUnit.MINUTES);
        return figures.get("minutes").valueStream()
                .filter(entry -> Instant.parse(entry.get("start").asString()).equals(minute))
                .findFirst().orElseThrow();
    }

    private static Map<String, JsonNode> minutesByStart(JsonNode figures) {
        var byStart = new HashMap<String, JsonNode>();
        figures.get("minutes").valueStream().forEach(minute -> byStart.put(minute.get("start").asString(), minute));
        return byStart;
    }

    /** The minutes of the first figures that the second still shows: the minutes shown move on with the clock. */
    private static Map<String, JsonNode> sameMinutes(JsonNode first, JsonNode second) {
        var shown = minutesByStart(second);
        var same = minutesByStart(first);
        same.keySet().retainAll(shown.keySet());
        return same;
    }

    private static String readAt(JsonNode event) {
        return event.get("topic").asString() + "-" + event.get("partition").asInt() + "@" + event.get("offset").asLong();
    }

    private static String readAt(String topic, RecordMetadata record) {
        return topic + "-" + record.partition() + "@" + record.offset();
    }

    private static String uniqueSku(String dish) {
        return "it-" + dish + "-" + UUID.randomUUID();
    }

    /** Publishes an event as its service would, waiting until the broker has it. */
    private static RecordMetadata publish(IntegrationEvent event) {
        return TestRecords.send(producer, TestRecords.fromItsService(event));
    }

    private static RecordMetadata send(String topic, String key, Map<String, String> headers, byte[] value) {
        return TestRecords.send(producer, TestRecords.record(topic, null, key, headers, value));
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("analytics-state");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
