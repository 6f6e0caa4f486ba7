package dev.foodorder.messaging.deadletter;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Where a record is parked: its dead-letter topic, partition and offset. The API, the replay table and
 * the figures all name a parked record so; no two records share one.
 */
record Position(String topic, int partition, long offset) {

    static Position of(ConsumerRecord<?, ?> record) {
        return new Position(record.topic(), record.partition(), record.offset());
    }

    TopicPartition topicPartition() {
        return new TopicPartition(topic, partition);
    }

    /** As Kafka's tools and this project's logs write it: {@code orders.DLT-3@17}. */
    @Override
    public String toString() {
        return topic + "-" + partition + "@" + offset;
    }
}
