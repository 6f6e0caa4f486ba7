package dev.foodorder.messaging;

import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;

import java.util.HashMap;

import static org.assertj.core.api.Assertions.assertThat;

class ConsumerDefaultsTest {

    @Test
    void listenersGetValuesAsBytesSoThatEventBatchesParsesOnlyTheEventsItsHandlerWants() {
        var factory = new DefaultKafkaConsumerFactory<>(new HashMap<String, Object>());

        new MessagingAutoConfiguration().cloudEventConsumer().customize(factory);

        assertThat(factory.getKeyDeserializer()).isInstanceOf(StringDeserializer.class);
        assertThat(factory.getValueDeserializer()).isInstanceOf(ByteArrayDeserializer.class);
    }
}
