package dev.foodorder.infrastructure;

import dev.foodorder.infrastructure.KafkaAcls.Principal;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static dev.foodorder.infrastructure.KafkaAcls.ANALYTICS_SERVICE;
import static dev.foodorder.infrastructure.KafkaAcls.INVENTORY_SERVICE;
import static dev.foodorder.infrastructure.KafkaAcls.NOTIFICATION_SERVICE;
import static dev.foodorder.infrastructure.KafkaAcls.ORDER_SERVICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * One secured broker for the class ({@link KafkaProcess#startSecured}), the contract's topics created on it by the
 * admin as the stack creates them, and each service's principal trying what its service does, and what it must not.
 */
class SecuredKafkaProcessTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final List<String> TOPICS = List.of("orders", "inventory", "customers");
    private static final List<String> DEAD_LETTER_TOPICS = TOPICS.stream().map(topic -> topic + ".DLT").toList();

    private static Path directory;
    private static KafkaProcess broker;

    /**
     * What each service does with Kafka, said again here in the contract's words rather than read from
     * {@link KafkaAcls}, so that the test checks the grants against the services and not against themselves.
     *
     * @param consumes what its listeners consume in {@code group}, parking what fails in the dead-letter topics
     */
    private record Service(Principal principal, String group, List<String> writes, List<String> consumes) {
    }

    private static final List<Service> SERVICES = List.of(
            new Service(ORDER_SERVICE, "order-service", List.of("orders"), List.of("inventory")),
            new Service(INVENTORY_SERVICE, "inventory-service", List.of("inventory"), List.of("orders")),
            new Service(NOTIFICATION_SERVICE, "notification-service", List.of(), TOPICS),
            // Its Kafka Streams consume, in a group no plain consumer may join: theAnalyticsServiceRunsItsStreamsExactlyOnce.
            new Service(ANALYTICS_SERVICE, "analytics-service", List.of("customers"), List.of()));

    @BeforeAll
    static void startTheSecuredBroker() throws IOException {
        directory = Files.createTempDirectory("secured-kafka");
        broker = KafkaProcess.startSecured(directory, Ports.free());
        broker.createTopics(1, Stream.concat(TOPICS.stream(), DEAD_LETTER_TOPICS.stream()).toArray(String[]::new));
    }

    @AfterAll
    static void stopIt() {
        if (broker != null) {
            broker.close();
        }
        Directories.deleteRecursively(directory);
    }

    @Test
    void aClientWithTheNotificationServicesCredentialsCannotWriteOrdersOrInventory() {
        try (var producer = producer(NOTIFICATION_SERVICE)) {
            for (var topic : List.of("orders", "inventory")) {
                assertThatThrownBy(() -> send(producer, topic)).as(topic)
                        .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TopicAuthorizationException.class);
            }
        }
    }

    @Test
    void noServiceMayWriteATopicAnotherServiceOwns() {
        for (var service : SERVICES) {
            try (var producer = producer(service.principal())) {
                TOPICS.stream().filter(topic -> !service.writes().contains(topic)).forEach(topic ->
                        assertThatThrownBy(() -> send(producer, topic)).as("%s writing %s", service.principal().name(), topic)
                                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TopicAuthorizationException.class));
            }
        }
    }

    @Test
    void aClientWithoutCredentialsCannotConnect() {
        try (var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 4000))) {
            // A client that does not speak SASL is cut off before any answer: it learns nothing, not even the brokers.
            assertThatThrownBy(() -> admin.describeCluster().nodes().get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TimeoutException.class);
        }
    }

    @Test
    void aWrongPasswordIsRefused() {
        var impostor = new Principal(ORDER_SERVICE.name(), "guessed");
        try (var admin = admin(impostor)) {
            assertThatThrownBy(() -> admin.describeCluster().nodes().get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    @Test
    void theAdminAloneMayAlsoLogInWithPlainForToolsWhoseScramKafkaRefuses() throws Exception {
        try (var admin = plainAdmin(KafkaAcls.ADMIN)) {
            assertThat(admin.describeCluster().nodes().get(10, TimeUnit.SECONDS)).isNotEmpty();
        }
        try (var service = plainAdmin(ORDER_SERVICE)) {
            assertThatThrownBy(() -> service.describeCluster().nodes().get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    @Test
    void theLocalStacksKcatConfigurationLogsInAsTheAdmin() throws Exception {
        var config = new Properties();
        try (var in = Files.newBufferedReader(broker.kcatConfig())) {
            config.load(in);
        }
        assertThat(config).containsEntry("bootstrap.servers", broker.bootstrapServers())
                .containsEntry("security.protocol", "SASL_PLAINTEXT").containsEntry("sasl.mechanisms", "PLAIN")
                .containsEntry("sasl.username", KafkaAcls.ADMIN.name()).containsEntry("sasl.password", KafkaAcls.ADMIN.password());
    }

    @Test
    void eachServiceMayWriteItsOwnTopicsAndReadWhatItConsumes() throws Exception {
        for (var service : SERVICES) {
            var principal = service.principal();
            try (var producer = producer(principal)) {
                for (var topic : service.writes()) {
                    assertThat(send(producer, topic).topic()).as("%s writing %s", principal.name(), topic).isEqualTo(topic);
                }
            }
            for (var topic : service.consumes()) {
                var value = sendAsAdmin(topic);
                try (var consumer = consumer(principal, service.group())) {
                    consumer.subscribe(List.of(topic));
                    assertThat(pollUntil(consumer, value)).as("%s consuming %s", principal.name(), topic).isPresent();
                    consumer.commitSync();
                }
            }
        }
    }

    @Test
    void everyConsumerMayParkWhatItConsumesAndListTheDeadLetters() throws Exception {
        for (var service : SERVICES) {
            var principal = service.principal();
            try (var producer = producer(principal)) {
                for (var topic : service.consumes()) {
                    var parked = send(producer, topic + ".DLT");
                    // As the dead-letter API reads them: every dead-letter topic, assigned, in no group.
                    try (var viewer = consumer(principal, null)) {
                        var partitions = DEAD_LETTER_TOPICS.stream().map(name -> new TopicPartition(name, 0)).toList();
                        viewer.assign(partitions);
                        viewer.seekToBeginning(partitions);
                        assertThat(pollUntil(viewer, parked.value())).as("%s reading back %s", principal.name(), parked.topic())
                                .isPresent();
                    }
                }
            }
        }
    }

    @Test
    void aServiceCannotConsumeInAnotherServicesGroup() {
        try (var consumer = consumer(ORDER_SERVICE, "inventory-service")) {
            consumer.subscribe(List.of("inventory"));
            assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(10))).isInstanceOf(GroupAuthorizationException.class);
        }
    }

    @Test
    void noServiceMayCreateOrReconfigureTopicsWhichAreTheStacks() {
        for (var principal : KafkaAcls.services()) {
            try (var admin = admin(principal)) {
                assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic("orders-" + principal.name(), 1, (short) 1)))
                        .all().get(10, TimeUnit.SECONDS)).as(principal.name())
                        .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TopicAuthorizationException.class);
                var deadLetters = new ConfigResource(ConfigResource.Type.TOPIC, "orders.DLT");
                var shorter = new AlterConfigOp(new ConfigEntry("retention.ms", "1000"), AlterConfigOp.OpType.SET);
                assertThatThrownBy(() -> admin.incrementalAlterConfigs(Map.of(deadLetters, List.of(shorter)))
                        .all().get(10, TimeUnit.SECONDS)).as(principal.name())
                        .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TopicAuthorizationException.class);
            }
        }
    }

    /**
     * The analytics' Kafka Streams as it runs: exactly-once (transactional ids), a repartition and a changelog topic
     * it creates itself, its group, and 'customers' written in transactions that a read_committed consumer sees.
     */
    @Test
    void theAnalyticsServiceRunsItsStreamsExactlyOnce() throws Exception {
        var customer = "customer-" + UUID.randomUUID();
        var builder = new StreamsBuilder();
        builder.stream("orders", Consumed.with(Serdes.String(), Serdes.String()))
                .filter((key, value) -> value.equals(customer))
                .groupBy((key, value) -> value, Grouped.with(Serdes.String(), Serdes.String()))
                .count()
                .toStream()
                .mapValues(String::valueOf)
                .to("customers", Produced.with(Serdes.String(), Serdes.String()));
        var properties = new HashMap<String, Object>(KafkaAcls.clientProperties(ANALYTICS_SERVICE));
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "analytics-service");
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        properties.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory(directory, "streams").toString());
        properties.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        properties.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        var failures = new CopyOnWriteArrayList<Throwable>();
        try (var streams = new KafkaStreams(builder.build(), new StreamsConfig(properties))) {
            streams.setUncaughtExceptionHandler(exception -> {
                failures.add(exception);
                return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            });
            streams.start();
            try (var producer = producer(ORDER_SERVICE)) {
                for (var i = 0; i < 3; i++) {
                    producer.send(new ProducerRecord<>("orders", "order-" + i, customer));
                }
            }
            try (var consumer = consumer(NOTIFICATION_SERVICE, "notification-service")) {
                consumer.subscribe(List.of("customers"));
                await().atMost(PATIENCE).untilAsserted(() -> {
                    if (!failures.isEmpty()) {
                        throw new IllegalStateException("A stream thread failed", failures.getFirst());
                    }
                    assertThat(consumer.poll(Duration.ofMillis(500))).anySatisfy(record -> {
                        assertThat(record.key()).isEqualTo(customer);
                        assertThat(record.value()).isEqualTo("3");
                    });
                });
            }
        }
        try (var admin = Admin.create(broker.adminProperties())) {
            assertThat(admin.listTopics().names().get(10, TimeUnit.SECONDS))
                    .anyMatch(topic -> topic.startsWith("analytics-service-") && topic.endsWith("-repartition"))
                    .anyMatch(topic -> topic.startsWith("analytics-service-") && topic.endsWith("-changelog"));
        }
    }

    /** The live page: every lane's partitions, the lag of every service's group, and the lanes read in no group. */
    @Test
    void theAnalyticsLivePageSeesEveryLaneAndEveryServicesLag() throws Exception {
        sendAsAdmin("inventory");
        try (var consumer = consumer(ORDER_SERVICE, "order-service")) {
            consumer.subscribe(List.of("inventory"));
            await().atMost(PATIENCE).until(() -> !consumer.poll(Duration.ofMillis(500)).isEmpty());
            consumer.commitSync();
        }
        var lanes = Stream.concat(TOPICS.stream(), DEAD_LETTER_TOPICS.stream()).toList();
        try (var admin = admin(ANALYTICS_SERVICE)) {
            assertThat(admin.describeTopics(lanes).allTopicNames().get(10, TimeUnit.SECONDS)).containsOnlyKeys(lanes);
            assertThat(admin.listGroups(ListGroupsOptions.forConsumerGroups()).all().get(10, TimeUnit.SECONDS))
                    .extracting(listing -> listing.groupId()).contains("order-service");
            assertThat(admin.listConsumerGroupOffsets("order-service").partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS))
                    .containsKey(new TopicPartition("inventory", 0));
        }
        var value = sendAsAdmin("orders.DLT");
        try (var viewer = consumer(ANALYTICS_SERVICE, null)) {
            var partitions = lanes.stream().map(topic -> new TopicPartition(topic, 0)).toList();
            viewer.assign(partitions);
            viewer.seekToBeginning(partitions);
            assertThat(viewer.endOffsets(partitions)).hasSize(lanes.size());
            assertThat(pollUntil(viewer, value)).isPresent();
        }
    }

    @Test
    void aSecuredBrokerStartedAgainStillKnowsItsUsersAndItsAcls() throws Exception {
        List<?> acls;
        try (var admin = Admin.create(broker.adminProperties())) {
            acls = List.copyOf(admin.describeAcls(AclBindingFilter.ANY).values().get(10, TimeUnit.SECONDS));
        }

        broker.stop();
        broker.start();

        try (var admin = Admin.create(broker.adminProperties())) {
            assertThat(admin.describeAcls(AclBindingFilter.ANY).values().get(10, TimeUnit.SECONDS))
                    .containsExactlyInAnyOrderElementsOf(KafkaAcls.bindings()).hasSameSizeAs(acls);
        }
        try (var producer = producer(ORDER_SERVICE)) {
            assertThat(send(producer, "orders").topic()).isEqualTo("orders");
        }
    }

    private static Admin plainAdmin(Principal principal) {
        var properties = new HashMap<String, Object>(KafkaAcls.clientProperties(principal));
        properties.put(SaslConfigs.SASL_MECHANISM, "PLAIN");
        properties.put(SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.plain.PlainLoginModule required "
                + "username=\"%s\" password=\"%s\";".formatted(principal.name(), principal.password()));
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
        return Admin.create(properties);
    }

    private static Admin admin(Principal principal) {
        var properties = new HashMap<String, Object>(KafkaAcls.clientProperties(principal));
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
        return Admin.create(properties);
    }

    /** As the outbox relays produce: idempotent, every replica acknowledging. */
    private static KafkaProducer<String, String> producer(Principal principal) {
        var properties = new HashMap<String, Object>(KafkaAcls.clientProperties(principal));
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10000);
        properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15000);
        properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        return new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer());
    }

    /** @param group null for a consumer that is assigned its partitions, as the dead-letter API's and the live page's are */
    private static KafkaConsumer<String, String> consumer(Principal principal, String group) {
        var properties = new HashMap<String, Object>(KafkaAcls.clientProperties(principal));
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        if (group != null) {
            properties.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        }
        properties.put(CommonClientConfigs.CLIENT_ID_CONFIG, principal.name() + "-" + UUID.randomUUID());
        return new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer());
    }

    private static ProducerRecord<String, String> send(KafkaProducer<String, String> producer, String topic) throws Exception {
        var record = new ProducerRecord<>(topic, "key", UUID.randomUUID().toString());
        var metadata = producer.send(record).get(20, TimeUnit.SECONDS);
        return new ProducerRecord<>(metadata.topic(), metadata.partition(), record.key(), record.value());
    }

    private static String sendAsAdmin(String topic) throws Exception {
        var properties = new HashMap<>(broker.adminProperties());
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        try (var producer = new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer())) {
            var value = UUID.randomUUID().toString();
            producer.send(new ProducerRecord<>(topic, "key", value)).get(20, TimeUnit.SECONDS);
            return value;
        }
    }

    private static Optional<ConsumerRecord<String, String>> pollUntil(KafkaConsumer<String, String> consumer, String value) {
        var deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            for (var record : consumer.poll(Duration.ofMillis(500))) {
                if (value.equals(record.value())) {
                    return Optional.of(record);
                }
            }
        }
        return Optional.empty();
    }
}
