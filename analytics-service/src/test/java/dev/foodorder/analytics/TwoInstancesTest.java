package dev.foodorder.analytics;

import dev.foodorder.infrastructure.test.TestIssuer;
import dev.foodorder.analytics.streams.Instances;
import dev.foodorder.analytics.streams.RunningStreams;
import dev.foodorder.events.IntegrationEvent;
import dev.foodorder.events.Topics;
import dev.foodorder.events.order.OrderEventsMother;
import dev.foodorder.infrastructure.test.Infrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static dev.foodorder.events.inventory.InventoryEventsMother.forOrder;
import static dev.foodorder.events.inventory.InventoryEventsMother.item;
import static dev.foodorder.events.order.OrderEventsMother.anOrder;
import static dev.foodorder.events.order.OrderEventsMother.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances of the service with the same application id, as two pods of one Deployment, each with a port
 * and a state directory of its own, against the real broker. Kafka Streams splits the partitions, and so the
 * state, between them; each answers for the whole application all the same: it forwards an order's timeline
 * to the instance that holds it, and adds up both instances' shares of the figures.
 *
 * <p>Earlier test classes wrote to the same topics, and this application reads them from the start; so the
 * instances are first let read all of it, and the test compares the figures before and after its own events.
 */
class TwoInstancesTest {

    private static final String APPLICATION_ID = "analytics-two-instances-test";
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String FIGURES = "/api/analytics/figures?minutes=60";
    private static final String TOP_SELLERS = "/api/analytics/top-sellers?limit=100";
    private static final String FLAGGED_CUSTOMERS = "/api/analytics/flagged-customers?limit=1000";

    private static KafkaProducer<String, byte[]> producer;
    private static Instance first;
    private static Instance second;

    @BeforeAll
    static void startTwoInstances() {
        producer = TestRecords.producer();
        first = Instance.start();
        second = Instance.start();
        await().atMost(PATIENCE).until(() -> first.running() && second.running()
                && first.holdsPartitions() && second.holdsPartitions());
        awaitEverythingRead();
    }

    @AfterAll
    static void stopTwoInstances() {
        if (second != null) {
            second.close();
        }
        if (first != null) {
            first.close();
        }
        producer.close();
    }

    @Test
    void eachInstanceAdvertisesItsOwnAddressAndKeepsStandbyReplicas() {
        for (var instance : List.of(first, second)) {
            assertThat(instance.streamsConfiguration())
                    .containsEntry(StreamsConfig.APPLICATION_SERVER_CONFIG, "localhost:" + instance.port())
                    .containsEntry(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, "1");
        }
        assertThat(first.streams().metadataForAllStreamsClients()).extracting(StreamsMetadata::hostInfo)
                .containsExactlyInAnyOrder(first.address(), second.address());
    }

    @Test
    void bothInstancesAnswerForEveryPartitionWithTheSameFigures() {
        var before = first.get(FIGURES);
        var pizza = "it-pizza-" + UUID.randomUUID();
        var bursts = List.of("it-burst-" + UUID.randomUUID(), "it-burst-" + UUID.randomUUID());
        var now = Instant.now();
        var statuses = new LinkedHashMap<OrderEventsMother, String>();
        var partitions = new HashMap<OrderEventsMother, Integer>();
        for (var i = 0; i < 30; i++) {
            // Six orders within a second for each of two customers, who are flagged; the rest of customers of their own.
            var customer = i < 12 ? bursts.get(i / 6) : "it-" + UUID.randomUUID();
            var order = anOrder().withCustomer(customer, "burst@example.org").withLines(line(pizza, "Test Pizza", 1, "10.00"))
                    .at(now.plusMillis(10L * i));
            partitions.put(order, publish(order.placed()).partition());
            statuses.put(order, settle(order, i % 4));
        }

        await().atMost(PATIENCE).untilAsserted(() -> {
            for (var instance : List.of(first, second)) {
                var figures = instance.get(FIGURES);
                assertThat(Counts.of(figures.get("totals")))
                        .containsExactlyEntriesOf(Counts.plus(Counts.of(before.get("totals")), 30, 15, 8, 7));
                assertThat(Counts.of(figures.get("ordersByStatus")))
                        .containsExactlyEntriesOf(Counts.plus(Counts.of(before.get("ordersByStatus")), 7, 8, 8, 7));
                assertThat(instance.get(TOP_SELLERS).get("items").valueStream())
                        .filteredOn(item -> item.get("sku").asString().equals(pizza)).singleElement().satisfies(item -> {
                            assertThat(item.get("quantity").asInt()).isEqualTo(8);
                            assertThat(item.get("revenue").decimalValue()).isEqualByComparingTo(new BigDecimal("80.00"));
                        });
                assertThat(instance.get(FLAGGED_CUSTOMERS).valueStream())
                        .filteredOn(flagged -> bursts.contains(flagged.get("customerId").asString()))
                        .extracting(flagged -> flagged.get("orders").asInt()).containsExactly(6, 6);
            }
            // Asked one after the other: a new minute may begin in between, and the next attempt compares again.
            assertThat(first.get(FIGURES)).isEqualTo(second.get(FIGURES));
            assertThat(first.get(TOP_SELLERS)).isEqualTo(second.get(TOP_SELLERS));
            assertThat(first.get(FLAGGED_CUSTOMERS)).isEqualTo(second.get(FLAGGED_CUSTOMERS));
        });
        // Both hold some of the orders, so each answered some timelines by asking the other.
        assertThat(partitions.values().stream().map(TwoInstancesTest::holderOf).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(first, second);
        statuses.forEach((order, status) -> await().atMost(PATIENCE).untilAsserted(() -> {
            var timeline = first.get(timeline(order));
            assertThat(timeline.get("status").asString()).isEqualTo(status);
            assertThat(timeline.get("events").size()).isEqualTo(eventsOf(status));
            assertThat(second.get(timeline(order))).isEqualTo(timeline);
        }));
    }

    @Test
    void aForwardedRequestIsAnsweredWhereItArrivesAndNeverForwardedAgain() {
        var order = anOrder().at(Instant.now());
        var holder = holderOf(publish(order.placed()).partition());
        var other = holder == first ? second : first;
        await().atMost(PATIENCE).untilAsserted(() -> holder.http().get().uri(timeline(order)).exchange().expectStatus().isOk());

        other.http().get().uri(timeline(order)).exchange()
                .expectStatus().isOk();
        other.http().get().uri(timeline(order)).header(Instances.FORWARDED, holder.addressText()).exchange()
                .expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
                .expectHeader().exists(HttpHeaders.RETRY_AFTER)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        holder.http().get().uri(timeline(order)).header(Instances.FORWARDED, other.addressText()).exchange()
                .expectStatus().isOk();
    }

    @Test
    void anInstanceAskedForTheShareOfAPartitionItDoesNotHoldAnswers503RatherThanNothing() {
        var minute = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        Function<Integer, String> shareOf = partition ->
                "/api/analytics/internal/figures?from=" + minute + "&to=" + minute + "&partitions=" + partition;

        first.http().get().uri(shareOf.apply(second.partitions().first())).exchange()
                .expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
                .expectHeader().exists(HttpHeaders.RETRY_AFTER);
        first.http().get().uri(shareOf.apply(first.partitions().first())).exchange()
                .expectStatus().isOk();
    }

    /**
     * Settles an order one of four ways, as the order and inventory services would.
     *
     * @return the status its timeline shows
     */
    private static String settle(OrderEventsMother order, int way) {
        var later = order.at(order.at().plusMillis(40));
        switch (way) {
            case 0 -> {
                publish(forOrder(order.orderId()).at(order.at().plusMillis(20)).reserved(item(order.lines().getFirst().sku(), 1)));
                publish(later.confirmed());
                return "CONFIRMED";
            }
            case 1 -> {
                publish(later.rejected());
                return "REJECTED";
            }
            case 2 -> {
                publish(later.confirmed());
                publish(order.at(order.at().plusMillis(60)).cancelled());
                return "CANCELLED";
            }
            default -> {
                return "PENDING";
            }
        }
    }

    private static int eventsOf(String status) {
        return switch (status) {
            case "CONFIRMED", "CANCELLED" -> 3;
            case "REJECTED" -> 2;
            default -> 1;
        };
    }

    private static String timeline(OrderEventsMother order) {
        return "/api/analytics/orders/" + order.orderId() + "/timeline";
    }

    /** The instance that holds a partition of topic orders, and so the state of its orders. */
    private static Instance holderOf(int partition) {
        return Stream.of(first, second).filter(instance -> instance.partitions().contains(partition)).findFirst().orElseThrow();
    }

    /** Until the instances have read every record earlier test classes wrote, and committed what they made of it. */
    private static void awaitEverythingRead() {
        try (var admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                Infrastructure.get().kafkaBootstrapServers()))) {
            await().atMost(PATIENCE).until(() -> unread(admin) == 0);
        }
    }

    private static long unread(Admin admin) throws ExecutionException, InterruptedException {
        var partitions = Stream.of(Topics.ORDERS, Topics.INVENTORY)
                .flatMap(topic -> IntStream.range(0, Topics.DEFAULT_PARTITIONS).mapToObj(partition -> new TopicPartition(topic, partition)))
                .collect(Collectors.toMap(partition -> partition, partition -> OffsetSpec.latest()));
        var ends = admin.listOffsets(partitions).all().get();
        var committed = admin.listConsumerGroupOffsets(APPLICATION_ID).partitionsToOffsetAndMetadata().get();
        return ends.entrySet().stream()
                .mapToLong(end -> end.getValue().offset() - offsetOf(committed.get(end.getKey())))
                .sum();
    }

    private static long offsetOf(OffsetAndMetadata committed) {
        return committed == null ? 0 : committed.offset();
    }

    /** Publishes an event as its service would, waiting until the broker has it. */
    private static RecordMetadata publish(IntegrationEvent event) {
        return TestRecords.send(producer, TestRecords.fromItsService(event));
    }

    /** One instance of the service: a Spring application of its own, on a port and a state directory of its own. */
    private record Instance(ConfigurableApplicationContext context, Path stateDir) {

        static Instance start() {
            var stateDir = temporaryDirectory();
            var context = new SpringApplicationBuilder(AnalyticsApplication.class).run(
                    "--spring.kafka.bootstrap-servers=" + Infrastructure.get().kafkaBootstrapServers(),
                    "--spring.kafka.streams.application-id=" + APPLICATION_ID,
                    "--spring.kafka.streams.state-dir=" + stateDir,
                    "--server.port=0",
                    "--management.server.port=0",
                    "--spring.kafka.streams.properties.num.standby.replicas=1",
                    "--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + TestIssuer.get().issuerUri(),
                    "--spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + TestIssuer.get().jwkSetUri());
            return new Instance(context, stateDir);
        }

        int port() {
            return context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
        }

        HostInfo address() {
            return new HostInfo("localhost", port());
        }

        String addressText() {
            return "localhost:" + port();
        }

        boolean running() {
            return context.getBean(RunningStreams.class).state().orElse(null) == KafkaStreams.State.RUNNING;
        }

        KafkaStreams streams() {
            return context.getBean(StreamsBuilderFactoryBean.class).getKafkaStreams();
        }

        Properties streamsConfiguration() {
            return context.getBean(StreamsBuilderFactoryBean.class).getStreamsConfiguration();
        }

        /** The partitions of topic orders this instance holds, as it knows them itself. */
        TreeSet<Integer> partitions() {
            var held = new TreeSet<Integer>();
            streams().metadataForAllStreamsClients().stream()
                    .filter(client -> client.hostInfo().equals(address()))
                    .flatMap(client -> client.topicPartitions().stream())
                    .filter(partition -> partition.topic().equals(Topics.ORDERS))
                    .forEach(partition -> held.add(partition.partition()));
            return held;
        }

        /** Whether both instances know this one to hold some partitions, and the other the rest. */
        boolean holdsPartitions() {
            var held = partitions();
            var all = new HashSet<>(held);
            streams().metadataForAllStreamsClients().stream()
                    .filter(client -> !client.hostInfo().equals(address()))
                    .flatMap(client -> client.topicPartitions().stream())
                    .filter(partition -> partition.topic().equals(Topics.ORDERS))
                    .forEach(partition -> all.add(partition.partition()));
            return !held.isEmpty() && held.size() < Topics.DEFAULT_PARTITIONS && all.size() == Topics.DEFAULT_PARTITIONS;
        }

        RestTestClient http() {
            return RestTestClient.bindToServer().baseUrl("http://localhost:" + port())
                    .defaultHeader("Authorization", TestIssuer.get().bearerForStaff()).build();
        }

        JsonNode get(String uri) {
            return http().get().uri(uri).exchange()
                    .expectStatus().isOk()
                    .returnResult(JsonNode.class).getResponseBody();
        }

        void close() {
            context.close();
            FileSystemUtils.deleteRecursively(stateDir.toFile());
        }

        private static Path temporaryDirectory() {
            try {
                return Files.createTempDirectory("analytics-instance");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
