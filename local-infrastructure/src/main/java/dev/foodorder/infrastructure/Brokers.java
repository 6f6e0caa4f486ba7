package dev.foodorder.infrastructure;

/**
 * Brokers of one's own, for tests that stop and restart Kafka while a service runs. Most tests
 * share the broker of {@link Infrastructure} instead.
 */
public final class Brokers {

    private Brokers() {
    }

    /** Starts an embedded KRaft broker on the given port (0 for a free one). */
    public static KafkaServer startEmbedded(int port) {
        return EmbeddedKafkaServer.start(port, 6);
    }
}
