package dev.foodorder.inventory.reservation;

import dev.foodorder.events.EventEnvelope;
import dev.foodorder.events.IntegrationEvent;
import dev.foodorder.events.Topics;
import dev.foodorder.infrastructure.test.Infrastructure;
import dev.foodorder.messaging.kafka.CloudEventRecords;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import static org.awaitility.Awaitility.await;

/** Feeds the inventory from topic {@code orders}, as the order service would, and sees when it has read a record. */
final class OrdersTopic {

    private static final String GROUP = "inventory-service";

    private final KafkaTemplate<Object, Object> kafka;

    OrdersTopic(KafkaTemplate<Object, Object> kafka) {
        this.kafka = kafka;
    }

    RecordMetadata send(IntegrationEvent event) {
        return send(EventEnvelope.of("/test", event));
    }

    /** Sends the envelope as it is: sending one twice is a redelivery, same {@code ce_id}. */
    RecordMetadata send(EventEnvelope envelope) {
        return sent(kafka.send(Topics.ORDERS, envelope.key(), envelope));
    }

    /** Sends a record with whatever headers and value, as a broken producer might. */
    RecordMetadata sendRaw(String key, Map<String, String> headers, String value) {
        var recordHeaders = new RecordHeaders();
        CloudEventRecords.addHeaders(recordHeaders, headers);
        return sent(kafka.send(new ProducerRecord<>(Topics.ORDERS, null, key, value.getBytes(StandardCharsets.UTF_8),
                recordHeaders)));
    }

    /** Waits until the inventory's consumer group has committed past the record: it was handled. */
    void awaitConsumed(RecordMetadata record) {
        var partition = new TopicPartition(record.topic(), record.partition());
        try (var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                Infrastructure.get().kafkaBootstrapServers()))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                var committed = admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get().get(partition);
                return committed != null && committed.offset() > record.offset();
            });
        }
    }

    private static RecordMetadata sent(CompletableFuture<? extends SendResult<?, ?>> send) {
        try {
            return send.get().getRecordMetadata();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka did not take the record", e.getCause());
        }
    }
}
