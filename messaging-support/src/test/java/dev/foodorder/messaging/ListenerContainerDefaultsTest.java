package dev.foodorder.messaging;

import dev.foodorder.events.Topics;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.ContainerProperties.AckMode;
import org.springframework.mock.env.MockEnvironment;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ListenerContainerDefaultsTest {

    @Test
    void listenersCommitOffsetsEvery200MillisecondsAndPollAtLeastEverySecond() {
        var factory = defaultsAppliedTo(new MockEnvironment());

        var container = factory.getContainerProperties();
        assertThat(container.getAckMode()).isEqualTo(AckMode.TIME);
        assertThat(container.getAckTime()).isEqualTo(200);
        assertThat(container.getPollTimeout()).isEqualTo(1000);
    }

    @Test
    void aListenerRefusedByTheBrokersAclsTriesAgainEverySecondRatherThanStopping() {
        var factory = defaultsAppliedTo(new MockEnvironment());

        assertThat(factory.getContainerProperties().getAuthExceptionRetryInterval()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aServiceThatChoosesItsOwnAckModeAndPollTimeoutKeepsThem() {
        var factory = new ConcurrentKafkaListenerContainerFactory<String, String>();
        factory.getContainerProperties().setAckMode(AckMode.RECORD);
        factory.getContainerProperties().setPollTimeout(3000);
        var environment = new MockEnvironment()
                .withProperty("spring.kafka.listener.ack-mode", "record")
                .withProperty("spring.kafka.listener.poll-timeout", "3s");

        MessagingAutoConfiguration.listenerContainerDefaults(environment).postProcessAfterInitialization(factory, "factory");

        assertThat(factory.getContainerProperties().getAckMode()).isEqualTo(AckMode.RECORD);
        assertThat(factory.getContainerProperties().getPollTimeout()).isEqualTo(3000);
    }

    @Test
    void onlyTheListenersOfATopicWrittenInTransactionsFixTheirOffsetsAtEveryPoll() {
        var factory = defaultsAppliedTo(new MockEnvironment());
        factory.setConsumerFactory(new DefaultKafkaConsumerFactory<>(Map.of()));

        assertThat(factory.createContainer(Topics.CUSTOMERS).getContainerProperties().isFixTxOffsets()).isTrue();
        assertThat(factory.createContainer(Topics.ORDERS).getContainerProperties().isFixTxOffsets()).isFalse();
        assertThat(factory.createContainer(Topics.INVENTORY).getContainerProperties().isFixTxOffsets()).isFalse();
    }

    private static ConcurrentKafkaListenerContainerFactory<String, String> defaultsAppliedTo(MockEnvironment environment) {
        var factory = new ConcurrentKafkaListenerContainerFactory<String, String>();
        MessagingAutoConfiguration.listenerContainerDefaults(environment).postProcessAfterInitialization(factory, "factory");
        return factory;
    }
}
