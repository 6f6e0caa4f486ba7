package dev.foodorder.analytics.live;

import dev.foodorder.infrastructure.test.TestIssuer;
import dev.foodorder.analytics.TestRecords;
import dev.foodorder.events.EventType;
import dev.foodorder.events.customer.CustomerFlagged;
import dev.foodorder.events.MalformedEventException;
import dev.foodorder.events.Topics;
import dev.foodorder.infrastructure.test.RealInfrastructure;
import dev.foodorder.infrastructure.test.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static dev.foodorder.analytics.live.EventStream.PATIENCE;
import static dev.foodorder.analytics.TestRecords.bootstrapServers;
import static dev.foodorder.analytics.TestRecords.cloudEvent;
import static dev.foodorder.analytics.TestRecords.newOrder;
import static dev.foodorder.analytics.TestRecords.send;
import static org.assertj.core.api.Assertions.assertThat;

/** A page watching the flow: records, dead letters and lag from a real broker, over real HTTP. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "analytics.live.topic-refresh=1s")
@RealInfrastructure
class LiveStreamTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<EventStream> streams = new ArrayList<>();

    @BeforeAll
    static void topics() throws InterruptedException {
        TestRecords.createTopics(Topics.ORDERS, Topics.INVENTORY, Topics.deadLetter(Topics.ORDERS));
    }

    @AfterEach
    void closeStreams() {
        streams.forEach(EventStream::close);
        // Not close(): it waits for every exchange to end, and a page's stream ends only when the server writes to it.
        client.shutdownNow();
    }

    @Test
    void showsEachRecordWithItsPlaceInTheLogItsTypeAndASummary() throws Exception {
        var page = watch();
        var order = newOrder();

        var placed = order.placed();
        RecordMetadata written;
        try (var producer = TestRecords.producer()) {
            written = send(producer, cloudEvent(placed));
        }

        var record = page.await("record", data -> order.key().equals(data.get("key").asString())).data();
        assertThat(record.get("topic").asString()).isEqualTo(Topics.ORDERS);
        assertThat(record.get("partition").asInt()).isEqualTo(written.partition());
        assertThat(record.get("offset").asLong()).isEqualTo(written.offset());
        assertThat(record.get("type").asString()).isEqualTo(EventType.ORDER_PLACED.type());
        assertThat(record.get("source").asString()).isEqualTo(TestRecords.SOURCE);
        assertThat(record.get("time").asString()).isEqualTo(placed.placedAt().toString());
        assertThat(record.get("summary").asString()).isEqualTo(order.customerId() + " placed 3 items, 24.50 EUR");
    }

    @Test
    void showsADeadLetterWithTheErrorThatParkedItAndWhereItCameFrom() throws Exception {
        var page = watch();
        var order = newOrder();
        var broken = "{\"orderId\": \"not a uuid\"".getBytes(StandardCharsets.UTF_8);
        // As a listener of notification-service would have read it from orders, partition 2, offset 4242.
        var original = new ConsumerRecord<>(Topics.ORDERS, 2, 4242L, order.key(), broken);
        cloudEvent(order.placed()).headers().forEach(header -> original.headers().add(header));

        parkAsTheServicesDo(original, new ListenerExecutionFailedException("Listener failed", "notification-service",
                new MalformedEventException("Payload is not a valid food.order.placed.v1: broken JSON")));

        var parked = parkedRecord(order.key());
        var deadLetter = page.await("dead-letter", data -> order.key().equals(data.get("key").asString())).data();
        assertThat(deadLetter.get("topic").asString()).isEqualTo(Topics.deadLetter(Topics.ORDERS));
        assertThat(deadLetter.get("partition").asInt()).isEqualTo(parked.partition()).isEqualTo(2);
        assertThat(deadLetter.get("offset").asLong()).isEqualTo(parked.offset());
        assertThat(deadLetter.get("type").asString()).isEqualTo(EventType.ORDER_PLACED.type());
        assertThat(deadLetter.get("exception").asString()).isEqualTo(MalformedEventException.class.getName());
        assertThat(deadLetter.get("message").asString()).contains("Payload is not a valid food.order.placed.v1: broken JSON");
        assertThat(deadLetter.get("originalTopic").asString()).isEqualTo(Topics.ORDERS);
        assertThat(deadLetter.get("originalPartition").asInt()).isEqualTo(2);
        assertThat(deadLetter.get("originalOffset").asLong()).isEqualTo(4242L);
        assertThat(deadLetter.get("group").asString()).isEqualTo("notification-service");
        var record = page.await("record", data -> order.key().equals(data.get("key").asString())).data();
        assertThat(record.get("topic").asString()).isEqualTo(Topics.deadLetter(Topics.ORDERS));
        assertThat(record.get("offset").asLong()).isEqualTo(parked.offset());
        assertThat(record.get("summary").asString()).startsWith("unreadable: {\"orderId\": \"not a uuid\"");
    }

    @Test
    void showsAPageThatComesLaterTheLatestRecords() throws Exception {
        var first = watch();
        var order = newOrder();
        try (var producer = TestRecords.producer()) {
            send(producer, cloudEvent(order.placed()));
            send(producer, cloudEvent(order.confirmed()));
        }
        first.await("record", ofType(order.key(), EventType.ORDER_CONFIRMED));

        var later = watch();

        var placed = later.await("record", ofType(order.key(), EventType.ORDER_PLACED)).data();
        var confirmed = later.await("record", ofType(order.key(), EventType.ORDER_CONFIRMED)).data();
        assertThat(confirmed.get("offset").asLong()).isGreaterThan(placed.get("offset").asLong());
        assertThat(later.events("record")).extracting(event -> event.data().get("key").asString())
                .as("each record once").filteredOn(order.key()::equals).hasSize(2);
    }

    @Test
    void showsTheLagOfAGroupUntilItCommits() throws Exception {
        var page = watch();
        var group = "lag-test-" + UUID.randomUUID();
        var partition = new TopicPartition(Topics.ORDERS, 5);
        var offsets = new ArrayList<Long>();
        try (var producer = TestRecords.producer()) {
            for (int i = 0; i < 3; i++) {
                offsets.add(send(producer, cloudEvent(newOrder().placed(), partition.partition())).offset());
            }
        }
        try (var consumer = groupMember(group)) {
            consumer.commitSync(Map.of(partition, new OffsetAndMetadata(offsets.getFirst())));

            var behind = page.await("lag", lagOf(group, partition, lag -> lag.get("committed").asLong() == offsets.getFirst()));
            var before = partitionLag(behind.data(), group, partition);
            assertThat(before.get("lag").asLong()).isGreaterThanOrEqualTo(3)
                    .isEqualTo(before.get("end").asLong() - offsets.getFirst());

            consumer.commitSync(Map.of(partition, new OffsetAndMetadata(offsets.getLast() + 1)));

            var caughtUp = page.await("lag", lagOf(group, partition, lag -> lag.get("committed").asLong() == offsets.getLast() + 1));
            var after = partitionLag(caughtUp.data(), group, partition);
            assertThat(after.get("lag").asLong()).isZero();
            assertThat(groupOf(caughtUp.data(), group).get("total").asLong()).isZero();
        }
    }

    @Test
    void showsATopicThatAppearsWhileThePageWatches() throws Exception {
        var page = watch();
        var flagged = new CustomerFlagged(newOrder().customerId(), "zoe@example.org", 5, 60, Instant.now().minusSeconds(30), Instant.now());
        var parked = cloudEvent(flagged);
        // Nobody parks customers' records yet, so this dead-letter topic is created only now.
        var deadLetterTopic = Topics.deadLetter(Topics.CUSTOMERS);
        TestRecords.createTopics(deadLetterTopic);

        RecordMetadata written;
        try (var producer = TestRecords.producer()) {
            written = send(producer, new ProducerRecord<>(deadLetterTopic, null, parked.key(), parked.value(), parked.headers()));
        }

        var record = page.await("record", data -> flagged.customerId().equals(data.get("key").asString())).data();
        assertThat(record.get("topic").asString()).isEqualTo(deadLetterTopic);
        assertThat(record.get("offset").asLong()).isEqualTo(written.offset());
        assertThat(record.get("summary").asString()).isEqualTo(flagged.customerId() + " flagged: 5 orders within 60 s");
        var deadLetter = page.await("dead-letter", data -> flagged.customerId().equals(data.get("key").asString())).data();
        assertThat(deadLetter.get("exception").isNull()).as("no kafka_dlt headers, no exception").isTrue();
    }

    @Test
    void describesTheTopicsToDrawAndThePagesSettings() throws Exception {
        var topics = JSON.readTree(get("/api/live/topics").body());
        assertThat(topics.valueStream().map(topic -> topic.get("topic").asString()))
                .containsExactly("orders", "inventory", "customers", "orders.DLT", "inventory.DLT", "customers.DLT");
        assertThat(topics.get(0).get("partitions").asInt()).isEqualTo(Topics.DEFAULT_PARTITIONS);

        var config = JSON.readTree(get("/api/live/config").body());
        assertThat(config.get("orderServiceUrl").asString()).isEqualTo("http://localhost:8081");
        assertThat(config.get("inventoryServiceUrl").asString()).isEqualTo("http://localhost:8082");
        assertThat(config.get("crowdMaxCustomers").asInt()).isEqualTo(50);
        assertThat(config.get("crowdMaxSeconds").asInt()).isEqualTo(60);
    }

    private EventStream watch() throws Exception {
        var stream = EventStream.open(client, URI.create("http://localhost:" + port + "/api/live/stream"));
        streams.add(stream);
        return stream;
    }

    private HttpResponse<String> get(String path) throws Exception {
        var response = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .header("Authorization", TestIssuer.get().bearerForStaff()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return response;
    }

    /** With the recoverer and the destination every service's error handler uses (messaging-support's DeadLetterTopics). */
    private static void parkAsTheServicesDo(ConsumerRecord<String, byte[]> record, Exception failure) {
        var producers = new DefaultKafkaProducerFactory<String, byte[]>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()), new StringSerializer(), new ByteArraySerializer());
        try {
            var recoverer = new DeadLetterPublishingRecoverer(new KafkaTemplate<>(producers),
                    (failed, exception) -> new TopicPartition(Topics.deadLetter(failed.topic()), failed.partition()));
            recoverer.accept(record, failure);
        } finally {
            producers.destroy();
        }
    }

    private static ConsumerRecord<String, String> parkedRecord(String key) {
        try (var deadLetters = new TopicReader(bootstrapServers(), Topics.deadLetter(Topics.ORDERS))) {
            return deadLetters.await(record -> key.equals(record.key()), records -> !records.isEmpty(), PATIENCE).getFirst();
        }
    }

    private static KafkaConsumer<String, String> groupMember(String group) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, group, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new StringDeserializer());
    }

    private static Predicate<JsonNode> ofType(String key, EventType type) {
        return data -> key.equals(data.get("key").asString()) && type.type().equals(data.get("type").asString());
    }

    private static Predicate<JsonNode> lagOf(String group, TopicPartition partition,
                                                               Predicate<JsonNode> matching) {
        return data -> groupOf(data, group) != null && partitionLag(data, group, partition) != null
                && matching.test(partitionLag(data, group, partition));
    }

    private static JsonNode groupOf(JsonNode lag, String group) {
        return lag.get("groups").valueStream().filter(each -> group.equals(each.get("group").asString())).findFirst().orElse(null);
    }

    private static JsonNode partitionLag(JsonNode lag, String group, TopicPartition partition) {
        var ofGroup = groupOf(lag, group);
        return ofGroup == null ? null : ofGroup.get("partitions").valueStream()
                .filter(each -> partition.topic().equals(each.get("topic").asString()) && each.get("partition").asInt() == partition.partition())
                .findFirst().orElse(null);
    }
}
