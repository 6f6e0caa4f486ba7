package dev.foodorder.infrastructure.test;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.ProducerFactory;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Spring Boot application under {@link RealInfrastructure}, configured as the services are: its
 * properties point at localhost, and the kit's connection details must win everywhere.
 */
@SpringBootTest(properties = {
        "spring.datasource.url=jdbc:postgresql://localhost:1/nowhere",
        "spring.datasource.username=nobody",
        "spring.datasource.password=wrong",
        "spring.kafka.bootstrap-servers=localhost:1",
        "spring.kafka.admin.properties.request.timeout.ms=10000"})
@RealInfrastructure
class RealInfrastructureTest {

    private final Infrastructure infrastructure = Infrastructure.get();

    @Autowired
    JdbcConnectionDetails database;

    @Autowired
    KafkaConnectionDetails broker;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    KafkaAdmin kafkaAdmin;

    @Autowired
    ProducerFactory<?, ?> producers;

    @Autowired
    ConsumerFactory<?, ?> consumers;

    @Test
    void jdbcConnectionDetailsNameADatabaseOfTheClassOwnOnTheKitsServer() {
        var name = database.getJdbcUrl().substring(database.getJdbcUrl().lastIndexOf('/') + 1);

        assertThat(name).startsWith("realinfrastructuretest_");
        assertThat(database.getJdbcUrl()).isEqualTo(infrastructure.postgres().jdbcUrl(name));
        assertThat(database.getUsername()).isEqualTo(infrastructure.postgres().username());
        assertThat(database.getPassword()).isEqualTo(infrastructure.postgres().password());
        assertThat(database.getDriverClassName()).isEqualTo("org.postgresql.Driver");
    }

    @Test
    void theDataSourceConnectsToThatDatabaseAndFlywayMigratesIt() {
        assertThat(database.getJdbcUrl()).endsWith("/" + jdbc.queryForObject("SELECT current_database()", String.class));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM marker", Integer.class)).isZero();
    }

    @Test
    void kafkaConnectionDetailsNameTheKitsBrokerForEveryClient() {
        var servers = List.of(infrastructure.kafkaBootstrapServers().split(","));

        assertThat(broker.getBootstrapServers()).isEqualTo(servers);
        assertThat(List.of(broker.getProducer(), broker.getConsumer(), broker.getAdmin(), broker.getStreams()))
                .allSatisfy(client -> assertThat(client.getBootstrapServers()).isEqualTo(servers));
        assertThat(List.of(producers.getConfigurationProperties(), consumers.getConfigurationProperties(),
                kafkaAdmin.getConfigurationProperties()))
                .allSatisfy(config -> assertThat(config.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)).isEqualTo(servers));
    }

    @Test
    void anAdminClientBuiltByBootReachesTheBroker() throws Exception {
        try (var admin = Admin.create(kafkaAdmin.getConfigurationProperties())) {
            assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).isNotEmpty();
        }
    }

    /** Kafka Streams with exactly-once processing writes in transactions, and so do tests of what reads them. */
    @Test
    void theBrokerCommitsATransaction() {
        var config = Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafkaBootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "real-infrastructure-test-" + UUID.randomUUID(),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        try (var producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("real-infrastructure-test", "key", "value"));

            producer.commitTransaction();
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Application {
    }
}
