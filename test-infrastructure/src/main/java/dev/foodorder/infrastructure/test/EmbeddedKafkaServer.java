package dev.foodorder.infrastructure.test;

import dev.foodorder.infrastructure.KafkaProcess;
import dev.foodorder.infrastructure.KafkaServer;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

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

    /**
     * Starts a broker on a free port. The KRaft test kit picks its own ports (it ignores
     * {@code kafkaPorts}); a broker that must come back on the same port is a {@link KafkaProcess}.
     */
    static EmbeddedKafkaServer start(int defaultPartitions) {
        var broker = new EmbeddedKafkaKraftBroker(1, defaultPartitions);
        broker.brokerProperties(Map.of(
                "auto.create.topics.enable", "true",
                "num.partitions", String.valueOf(defaultPartitions),
                // One broker: with the default of three replicas, no producer could begin a transaction.
                "transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1",
                "group.initial.rebalance.delay.ms", "0",
                "log.flush.interval.messages", String.valueOf(Long.MAX_VALUE)));
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
