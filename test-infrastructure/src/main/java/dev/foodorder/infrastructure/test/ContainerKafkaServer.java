package dev.foodorder.infrastructure.test;

import dev.foodorder.infrastructure.KafkaServer;

import org.testcontainers.kafka.KafkaContainer;

/** Kafka in a container ({@code apache/kafka}, KRaft), for machines with a Docker engine. */
final class ContainerKafkaServer implements KafkaServer {

    static final String IMAGE = "apache/kafka:4.2.1";

    private final KafkaContainer container;

    private ContainerKafkaServer(KafkaContainer container) {
        this.container = container;
    }

    @SuppressWarnings("resource")
    static ContainerKafkaServer start(int defaultPartitions) {
        var container = new KafkaContainer(IMAGE)
                .withEnv("KAFKA_NUM_PARTITIONS", String.valueOf(defaultPartitions))
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0");
        container.start();
        return new ContainerKafkaServer(container);
    }

    @Override
    public String bootstrapServers() {
        return container.getBootstrapServers();
    }

    @Override
    public void close() {
        container.stop();
    }
}
