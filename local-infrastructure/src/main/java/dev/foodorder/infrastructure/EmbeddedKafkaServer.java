package dev.foodorder.infrastructure;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.util.HashMap;
import java.util.Map;

/**
 * Apache Kafka's own broker, started in this JVM in KRaft mode from the jars on Maven Central.
 * No Docker needed; it is the same broker code that runs in production.
 */
final class EmbeddedKafkaServer implements KafkaServer {

    private final EmbeddedKafkaKraftBroker broker;

    private EmbeddedKafkaServer(EmbeddedKafkaKraftBroker broker) {
        this.broker = broker;
    }

    /** Starts a broker with the given topics; port 0 picks a free one. */
    static EmbeddedKafkaServer start(int port, int defaultPartitions, String... topics) {
        var broker = new EmbeddedKafkaKraftBroker(1, defaultPartitions, topics);
        var properties = new HashMap<String, String>(Map.of(
                "auto.create.topics.enable", "true",
                "num.partitions", String.valueOf(defaultPartitions),
                "group.initial.rebalance.delay.ms", "0",
                "log.flush.interval.messages", String.valueOf(Long.MAX_VALUE)));
        if (port > 0) {
            // kafkaPorts(..) is ignored by the KRaft test kit; its listener names are EXTERNAL and CONTROLLER.
            properties.put("listeners", "EXTERNAL://localhost:" + port + ",CONTROLLER://localhost:0");
        }
        broker.brokerProperties(properties);
        broker.afterPropertiesSet();
        return new EmbeddedKafkaServer(broker);
    }

    @Override
    public String bootstrapServers() {
        return broker.getBrokersAsString();
    }

    @Override
    public void close() {
        broker.destroy();
    }
}
