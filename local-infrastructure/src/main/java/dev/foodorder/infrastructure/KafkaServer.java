package dev.foodorder.infrastructure;

/** A running Kafka broker in KRaft mode. */
public interface KafkaServer extends AutoCloseable {

    String bootstrapServers();

    /** Stops the broker and deletes its data. */
    @Override
    void close();
}
