package dev.foodorder.bench;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Reading the stack's topics back as they are on the broker: keys, values and headers as bytes, no group offsets. */
final class RawRecords {

    private RawRecords() {
    }

    /** A consumer with the stack's client settings (and credentials) that commits nothing; the caller assigns it. */
    static KafkaConsumer<byte[], byte[]> consumer(Map<String, Object> client, Map<String, Object> more) {
        var config = new HashMap<>(client);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.putAll(more);
        return new KafkaConsumer<>(config);
    }

    /** The last value of a header as text, such as {@code ce_type}; null where the record has none. */
    static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
