package dev.foodorder.infrastructure.test;

import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.util.StringUtils;

import java.util.List;

/**
 * The kit's Kafka broker, as Spring Boot's Kafka auto-configuration reads it: its producer, consumer,
 * admin and Streams clients all take these bootstrap servers over {@code spring.kafka.*bootstrap-servers}.
 */
record BrokerConnectionDetails(List<String> bootstrapServers) implements KafkaConnectionDetails {

    /** From a comma-separated list, as {@link dev.foodorder.infrastructure.KafkaServer#bootstrapServers()} gives it. */
    static BrokerConnectionDetails of(String bootstrapServers) {
        return new BrokerConnectionDetails(List.of(StringUtils.commaDelimitedListToStringArray(bootstrapServers)));
    }

    @Override
    public List<String> getBootstrapServers() {
        return bootstrapServers;
    }
}
