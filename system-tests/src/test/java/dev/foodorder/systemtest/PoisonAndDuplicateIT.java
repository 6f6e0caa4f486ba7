package dev.foodorder.systemtest;

import dev.foodorder.events.CloudEventAttributes;
import dev.foodorder.events.CloudEventHeaders;
import dev.foodorder.events.EventCodec;
import dev.foodorder.events.EventType;
import dev.foodorder.events.Topics;
import dev.foodorder.infrastructure.test.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import static dev.foodorder.events.order.OrderEventsMother.anOrder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenario 7: records the order service never wrote, put straight onto {@code orders} with a plain
 * Kafka producer, as a broken or replaying producer would. A poison record on every partition (so
 * every later order queues behind one) must be parked in {@code orders.DLT} by each consumer group
 * without holding up its partition; exact copies of records already handled (same {@code ce_id})
 * must change nothing anywhere.
 */
@SystemTest
@Order(7)
@DisplayName("7. Poison and duplicate records written straight onto the orders topic")
class PoisonAndDuplicateIT {

    private static final Set<String> CONSUMER_GROUPS = Set.of("inventory-service", "notification-service");
    private static final String DLT_CONSUMER_GROUP = "kafka_dlt-original-consumer-group";
    private static final Duration WITHIN = Duration.ofMinutes(1);

    @Test
    void poisonLandsInTheDeadLetterTopicDuplicatesChangeNothingAndLaterOrdersFlow(RunningSystem system) throws Exception {
        var scenario = Scenario.begin(system, 7, "Poison and duplicate records written straight onto orders")
                .stockUp(1000, 10);
        var confirmed = scenario.place(scenario.customer(0), Map.of("risotto", 2, "lemonade", 2), "Prefer", "wait=10");
        var cancelled = scenario.place(scenario.customer(0), Map.of("carbonara", 1), "Prefer", "wait=10");
        assertThat(system.orders().cancel(cancelled.id()).status()).isEqualTo(200);
        scenario.cancelled(cancelled.id());
        await("the cancelled order's stock released").atMost(WITHIN)
                .until(() -> system.inventory().reservation(cancelled.id()).orElseThrow().status().equals("RELEASED"));

        var written = new ArrayList<RecordMetadata>();
        var poisonKeys = new ArrayList<String>();
        String newerContractKey;
        List<ConsumerRecord<String, String>> originals;
        try (var reader = new TopicReader(system.kafkaClient(), Topics.ORDERS);
             var producer = producer(system.kafkaClient())) {
            originals = List.of(
                    record(reader, confirmed.id(), EventType.ORDER_PLACED),
                    record(reader, cancelled.id(), EventType.ORDER_CANCELLED));
            for (var poison : Poison.values()) {
                var key = "poison-" + poison.name().toLowerCase() + "-" + UUID.randomUUID();
                poisonKeys.add(key);
                written.add(send(producer, poison.record(key, poison.ordinal() % Topics.DEFAULT_PARTITIONS)));
            }
            // A type of a newer contract, published beside the old one before the consumers moved: not poison,
            // every consumer skips it (docs/adr/0018-schema-evolution.md).
            newerContractKey = "newer-contract-" + UUID.randomUUID();
            written.add(send(producer, Poison.newerContract(newerContractKey)));
            for (var original : originals) {
                written.add(send(producer, new ProducerRecord<>(Topics.ORDERS, original.partition(), original.key(),
                        original.value().getBytes(StandardCharsets.UTF_8), original.headers())));
            }
        }
        scenario.note("%d poison records, an event of a newer contract (food.order.placed.v2) and %d exact copies of "
                + "OrderPlaced and OrderCancelled", poisonKeys.size(), originals.size());

        var load = scenario.load(Load.Plan.of(30).customers(3));
        load.awaitFinished();

        try (var groups = new ConsumerGroups(system.kafkaClient())) {
            for (var group : CONSUMER_GROUPS) {
                await(group + " past every record written by hand").atMost(WITHIN).untilAsserted(() -> {
                    var committed = groups.committed(group, Topics.ORDERS);
                    written.forEach(record -> assertThat(committed.getOrDefault(record.partition(), 0L))
                            .as("%s's committed offset on partition %d", group, record.partition())
                            .isGreaterThan(record.offset()));
                });
            }
        }
        try (var deadLetters = new TopicReader(system.kafkaClient(), Topics.deadLetter(Topics.ORDERS))) {
            var parked = deadLetters.await(record -> poisonKeys.contains(record.key()),
                    records -> parkedBy(records).size() == poisonKeys.size()
                            && parkedBy(records).values().stream().allMatch(CONSUMER_GROUPS::equals),
                    WITHIN);
            assertThat(parkedBy(parked).keySet()).containsExactlyInAnyOrderElementsOf(poisonKeys);
            var duplicateIds = originals.stream().map(record -> TopicReader.header(record, CloudEventHeaders.ID)).toList();
            assertThat(deadLetters.drain(record -> duplicateIds.contains(TopicReader.header(record, CloudEventHeaders.ID)),
                    Duration.ofSeconds(1))).as("duplicates parked as if they were poison").isEmpty();
            assertThat(deadLetters.drain(record -> newerContractKey.equals(record.key()), Duration.ofSeconds(1)))
                    .as("an event of a newer contract parked as if it were poison").isEmpty();
        }

        scenario.assertBooksBalance(Duration.ofMinutes(1));
    }

    /** Which consumer groups parked each poison record, by its key. */
    private static Map<String, Set<String>> parkedBy(List<ConsumerRecord<String, String>> deadLetters) {
        return deadLetters.stream().collect(Collectors.groupingBy(ConsumerRecord::key,
                Collectors.mapping(record -> TopicReader.header(record, DLT_CONSUMER_GROUP), Collectors.toSet())));
    }

    private static ConsumerRecord<String, String> record(TopicReader reader, UUID orderId, EventType type) {
        return reader.await(record -> orderId.toString().equals(record.key())
                        && type.type().equals(TopicReader.header(record, CloudEventHeaders.TYPE)),
                records -> !records.isEmpty(), WITHIN).getFirst();
    }

    private static KafkaProducer<String, byte[]> producer(Map<String, Object> client) {
        var config = new HashMap<>(client);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    private static RecordMetadata send(KafkaProducer<String, byte[]> producer, ProducerRecord<String, byte[]> record)
            throws InterruptedException, ExecutionException, TimeoutException {
        return producer.send(record).get(10, TimeUnit.SECONDS);
    }

    /**
     * Records that break the contract, each in one way: around the broken part, attributes as a proper
     * producer writes them and, where the record has a body to break, an event as order-service writes it.
     */
    private enum Poison {
        /** Bytes without any CloudEvents header. */
        NOT_A_CLOUD_EVENT(Map.of(), utf8("\u0000\u0001 not an event")),
        /** An event of the inventory's, on the order service's topic. */
        STRAY_TYPE(attributes(EventType.STOCK_RESERVED.type()), utf8("{}")),
        /** A well-formed envelope around broken JSON. */
        BROKEN_JSON(attributes(EventType.ORDER_PLACED.type()), utf8("{\"orderId\": ")),
        /**
         * An order of minus two pizzas: valid JSON, impossible event. Written by hand, since OrderPlaced
         * refuses to be built with it.
         */
        BROKEN_INVARIANT(attributes(EventType.ORDER_PLACED.type()), utf8("""
                {"orderId":"%s","customerId":"c","customerEmail":"c@example.org","lines":[{"sku":"margherita",
                "name":"Pizza Margherita","quantity":-2,"unitPrice":9.50}],"total":-19.00,"currency":"EUR",
                "placedAt":"2026-01-01T00:00:00Z"}""".formatted(UUID.randomUUID()))),
        /** A CloudEvents version nobody speaks, on an event that is fine otherwise. */
        UNSUPPORTED_SPEC_VERSION(with(attributes(EventType.ORDER_CANCELLED.type()), CloudEventHeaders.SPEC_VERSION, "0.3"),
                EventCodec.toJson(anOrder().cancelled())),
        /** An event without the id that consumers de-duplicate on. */
        MISSING_ID(without(attributes(EventType.ORDER_CANCELLED.type()), CloudEventHeaders.ID),
                EventCodec.toJson(anOrder().cancelled("none")));

        private final Map<String, String> headers;
        private final byte[] value;

        Poison(Map<String, String> headers, byte[] value) {
            this.headers = headers;
            this.value = value;
        }

        /** An OrderPlaced of a version this build's consumers do not know. */
        static ProducerRecord<String, byte[]> newerContract(String key) {
            var recordHeaders = new RecordHeaders();
            attributes("food.order.placed.v2").forEach((name, text) -> recordHeaders.add(name, text.getBytes(StandardCharsets.UTF_8)));
            return new ProducerRecord<>(Topics.ORDERS, null, key, utf8("{}"), recordHeaders);
        }

        ProducerRecord<String, byte[]> record(String key, int partition) {
            // What CloudEventRecords.addHeaders does in the services: the system tests depend on the contract
            // (common-events) only, not on messaging-support, so the strings become Kafka headers here.
            var recordHeaders = new RecordHeaders();
            headers.forEach((name, text) -> recordHeaders.add(name, text.getBytes(StandardCharsets.UTF_8)));
            return new ProducerRecord<>(Topics.ORDERS, partition, key, value, recordHeaders);
        }

        /** The headers of an event of the type, as a proper producer writes them. */
        private static Map<String, String> attributes(String type) {
            return new CloudEventAttributes(UUID.randomUUID(), "/system-tests/poison", type, Instant.now(), null, null)
                    .headers();
        }

        private static Map<String, String> with(Map<String, String> headers, String name, String value) {
            var changed = new LinkedHashMap<>(headers);
            changed.put(name, value);
            return changed;
        }

        private static Map<String, String> without(Map<String, String> headers, String name) {
            var changed = new LinkedHashMap<>(headers);
            changed.remove(name);
            return changed;
        }

        private static byte[] utf8(String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
    }
}
