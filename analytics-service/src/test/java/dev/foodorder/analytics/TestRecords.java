package dev.foodorder.analytics;

import dev.foodorder.events.EventCodec;
import dev.foodorder.events.EventEnvelope;
import dev.foodorder.events.IntegrationEvent;
import dev.foodorder.events.Topics;
import dev.foodorder.events.customer.CustomerEvent;
import dev.foodorder.events.inventory.InventoryEvent;
import dev.foodorder.events.order.OrderEventsMother;
import dev.foodorder.infrastructure.test.Infrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Records as the services write them, to the test JVM's real broker. Its topics are shared by every
 * test class, so each test has orders and customers of its own and looks only for those.
 */
public final class TestRecords {

    public static final String SOURCE = "/test";

    private TestRecords() {
    }

    /** An order of a customer of its own, whose id is not ASCII: what the page shows must survive UTF-8. */
    public static OrderEventsMother newOrder() {
        var customer = "zoë-" + UUID.randomUUID().toString().substring(0, 8);
        return OrderEventsMother.anOrder().withCustomer(customer, customer.replace("ë", "e") + "@example.org");
    }

    public static String bootstrapServers() {
        return Infrastructure.get().kafkaBootstrapServers();
    }

    public static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** The event as a CloudEvents record in binary mode, to the partition its key chooses. */
    public static ProducerRecord<String, byte[]> cloudEvent(IntegrationEvent event) {
        return cloudEvent(event, null);
    }

    /** @param partition where the record goes, or null for where its key sends it */
    public static ProducerRecord<String, byte[]> cloudEvent(IntegrationEvent event, Integer partition) {
        return cloudEvent(event, SOURCE, partition);
    }

    /** The event as the service that writes its topic would publish it: from that service's source. */
    public static ProducerRecord<String, byte[]> fromItsService(IntegrationEvent event) {
        return cloudEvent(event, serviceOf(event), null);
    }

    private static ProducerRecord<String, byte[]> cloudEvent(IntegrationEvent event, String source, Integer partition) {
        var envelope = EventEnvelope.of(source, event);
        return record(envelope.topic(), partition, envelope.key(), envelope.headers(), EventCodec.toJson(event));
    }

    /** Any record, its headers written as the CloudEvents binding writes attributes: UTF-8 text. */
    public static ProducerRecord<String, byte[]> record(String topic, Integer partition, String key, Map<String, String> headers,
                                                        byte[] value) {
        var recordHeaders = new RecordHeaders();
        headers.forEach((name, text) -> recordHeaders.add(name, text.getBytes(StandardCharsets.UTF_8)));
        return new ProducerRecord<>(topic, partition, key, value, recordHeaders);
    }

    /** Sends the record and waits until the broker has it. */
    public static RecordMetadata send(KafkaProducer<String, byte[]> producer, ProducerRecord<String, byte[]> record) {
        try {
            return producer.send(record).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while Kafka took a record for " + record.topic(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("Kafka did not take a record for " + record.topic(), e);
        }
    }

    private static String serviceOf(IntegrationEvent event) {
        return switch (event) {
            case InventoryEvent inventory -> "/inventory-service";
            case CustomerEvent customer -> "/analytics-service";
            default -> "/order-service";
        };
    }

    /** Creates the topics as the services' deployment does, unless they exist. */
    public static void createTopics(String... topics) throws InterruptedException {
        try (var admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            for (var topic : topics) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, Topics.DEFAULT_PARTITIONS, (short) 1))).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("Cannot create " + topic, e);
                    }
                }
            }
        }
    }
}
