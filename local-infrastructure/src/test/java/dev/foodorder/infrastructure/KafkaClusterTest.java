package dev.foodorder.infrastructure;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class KafkaClusterTest {

    /** Two nodes are enough to need the brokers to log in to each other, as followers fetching from a leader. */
    @Test
    void aSecuredClustersBrokersReplicateAsTheAdminAndItsClientsGetOnlyWhatTheAclsGrant(@TempDir Path directory) throws Exception {
        try (var cluster = KafkaCluster.builder(directory).nodes(2).secured().start()) {
            cluster.createTopics(1, "orders");

            try (var producer = producer(cluster, KafkaAcls.ORDER_SERVICE)) {
                producer.send(new ProducerRecord<>("orders", "order-1", "placed")).get(30, TimeUnit.SECONDS);
            }
            try (var producer = producer(cluster, KafkaAcls.NOTIFICATION_SERVICE)) {
                assertThatThrownBy(() -> producer.send(new ProducerRecord<>("orders", "order-1", "forged")).get(30, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TopicAuthorizationException.class);
            }
            try (var admin = cluster.admin()) {
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                        admin.describeTopics(List.of("orders")).allTopicNames().get(10, TimeUnit.SECONDS).get("orders")
                                .partitions().getFirst().isr()).hasSize(2));
            }
        }
    }

    private static KafkaProducer<String, String> producer(KafkaCluster cluster, KafkaAcls.Principal principal) {
        var properties = new HashMap<String, Object>(KafkaAcls.clientProperties(principal));
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30000);
        return new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer());
    }
}
