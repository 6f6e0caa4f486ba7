package dev.foodorder.analytics.live;

import dev.foodorder.events.EventCodec;
import dev.foodorder.events.EventEnvelope;
import dev.foodorder.events.IntegrationEvent;
import dev.foodorder.events.Topics;
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

/**
 * Records as the services write them, to the test JVM's real broker. Its topics are shared by every
 * test class, so each test has orders and customers of its own and looks only for those.
 */
final class TestRecords {

    static final String SOURCE = "/test";

    private TestRecords() {
    }

    /** An order of a customer of its own, whose id is not ASCII: what the page shows must survive UTF-8. */
    static OrderEventsMother newOrder() {
        var customer = "zoë-" + UUID.randomUUID().toString().substring(0, 8);
        return OrderEventsMother.anOrder().withCustomer(customer, customer.replace("ë", "e") + "@example.org");
    }

    static String bootstrapServers() {
        return Infrastructure.get().kafkaBootstrapServers();
    }

    static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** The event as a CloudEvents record in binary mode, to the partition its key chooses. */
    static ProducerRecord<String, byte[]> cloudEvent(IntegrationEvent event) {
        return cloudEvent(event, null);
    }

    /** @param partition where the record goes, or null for where its key sends it */
    static ProducerRecord<String, byte[]> cloudEvent(IntegrationEvent event, Integer partition) {
        var envelope = EventEnvelope.of(SOURCE, event);
        var headers = new RecordHeaders();
        envelope.headers().forEach((name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
        return new ProducerRecord<>(envelope.topic(), partition, envelope.key(), EventCodec.toJson(event), headers);
    }

    static RecordMetadata send(KafkaProducer<String, byte[]> producer, ProducerRecord<String, byte[]> record)
            throws InterruptedException, ExecutionException {
        return producer.send(record).get();
    }

    /** Creates the topics as the services' deployment does, unless they exist. */
    static void createTopics(String... topics) throws InterruptedException {
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
