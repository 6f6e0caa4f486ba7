package dev.foodorder.infrastructure;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.errors.SecurityDisabledException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class KafkaProcessTest {

    @Test
    void aWindowsDataDirectorySurvivesTheBrokersPropertiesFile() throws IOException {
        var windows = Path.of("C:\\Users\\ada\\repo\\.local\\kafka\\data");
        var read = new Properties();

        read.load(new StringReader("log.dirs=" + KafkaProcess.propertiesPath(windows)));

        assertThat(read.getProperty("log.dirs")).isEqualTo("C:/Users/ada/repo/.local/kafka/data");
    }

    @Test
    void thePlainBrokerStillLetsAnUnauthenticatedClientDoAnything(@TempDir Path directory) throws Exception {
        try (var broker = KafkaProcess.start(directory, Ports.free())) {
            assertThat(broker.isSecured()).isFalse();
            assertThat(broker.adminProperties()).containsOnlyKeys(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
            var anybody = Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            try (var admin = Admin.create(anybody)) {
                assertThatThrownBy(() -> admin.describeAcls(AclBindingFilter.ANY).values().get(10, TimeUnit.SECONDS))
                        .as("no authorizer").isInstanceOf(ExecutionException.class).hasCauseInstanceOf(SecurityDisabledException.class);
            }
            try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                    new StringSerializer(), new StringSerializer())) {
                // Created on the fly, as the plain broker always let any client.
                producer.send(new ProducerRecord<>("anything", "key", "value")).get(30, TimeUnit.SECONDS);
            }
            try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "any-group", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                    new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of("anything"));
                await().atMost(Duration.ofSeconds(30)).until(() -> !consumer.poll(Duration.ofMillis(500)).isEmpty());
                consumer.commitSync();
                assertThat(consumer.committed(Set.of(new TopicPartition("anything", 0)))).isNotEmpty();
            }
        }
    }

    @Test
    void aStorageFormattedWithoutUsersIsNotStartedSecuredSinceNobodyCouldLogIn(@TempDir Path directory) throws IOException {
        Files.createDirectories(directory.resolve("data"));
        Files.writeString(directory.resolve("data").resolve("meta.properties"), "node.id=1\n");

        assertThatThrownBy(() -> KafkaProcess.startSecured(directory, Ports.free()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(directory.toString());
    }
}
