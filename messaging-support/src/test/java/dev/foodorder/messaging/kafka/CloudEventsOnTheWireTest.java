package dev.foodorder.messaging.kafka;

import dev.foodorder.events.CloudEventHeaders;
import dev.foodorder.events.EventEnvelope;
import dev.foodorder.events.EventType;
import dev.foodorder.events.SampleEvents;
import dev.foodorder.events.Topics;
import dev.foodorder.infrastructure.test.Infrastructure;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Every event type crosses a real broker in CloudEvents binary mode and comes back the same. */
class CloudEventsOnTheWireTest {

    private final String bootstrap = Infrastructure.get().kafkaBootstrapServers();

    @Test
    void everyEventTypeTravelsWithItsCloudEventsHeadersIntact() throws Exception {
        var sent = SampleEvents.all().stream().map(event -> EventEnvelope.of("/wire-test", event)).toList();
        assertThat(sent).extracting(EventEnvelope::type).containsExactlyInAnyOrder(EventType.values());
        var runId = UUID.randomUUID().toString();

        try (var producer = new KafkaProducer<String, byte[]>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer())) {
            for (var envelope : sent) {
                var record = CloudEventRecords.toRecord(envelope);
                record.headers().add("test-run", runId.getBytes(StandardCharsets.UTF_8));
                producer.send(record).get();
            }
        }

        var received = consumeRun(runId, sent.size());

        assertThat(received).hasSize(sent.size());
        var json = JsonMapper.builder().build();
        for (var record : received) {
            var header = CloudEventRecords.lookup(record.headers());
            var envelope = CloudEventRecords.read(record.topic(), record.headers(),
                    record.value().getBytes(StandardCharsets.UTF_8));
            var original = sent.stream().filter(e -> e.id().equals(envelope.id())).findFirst().orElseThrow();

            assertThat(envelope).isEqualTo(original);
            assertThat(record.topic()).isEqualTo(original.type().topic());
            assertThat(record.key()).isEqualTo(original.data().key());
            assertThat(header.apply(CloudEventHeaders.SPEC_VERSION)).isEqualTo("1.0");
            assertThat(header.apply(CloudEventHeaders.ID)).isEqualTo(original.id().toString());
            assertThat(header.apply(CloudEventHeaders.SOURCE)).isEqualTo("/wire-test");
            assertThat(header.apply(CloudEventHeaders.TYPE)).isEqualTo(original.type().type());
            assertThat(header.apply(CloudEventHeaders.SUBJECT)).isEqualTo(original.data().subject());
            assertThat(header.apply(CloudEventHeaders.CONTENT_TYPE)).isEqualTo("application/json");
            assertThat(Instant.parse(header.apply(CloudEventHeaders.TIME))).isEqualTo(original.time());
            // Nothing the producer did not write: no trace context outside a span.
            assertThat(header.apply(CloudEventHeaders.TRACEPARENT)).isNull();
            // A client that knows nothing of our classes reads the value as plain JSON.
            assertThat(json.readTree(record.value()).isObject()).isTrue();
        }
    }

    private List<ConsumerRecord<String, String>> consumeRun(String runId, int expected) {
        var received = new ArrayList<ConsumerRecord<String, String>>();
        try (var consumer = new KafkaConsumer<String, String>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "wire-test-" + runId,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(Topics.all());
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    var run = record.headers().lastHeader("test-run");
                    if (run != null && runId.equals(new String(run.value(), StandardCharsets.UTF_8))) {
                        received.add(record);
                    }
                }
                return received.size() >= expected;
            });
        }
        return received;
    }
}
