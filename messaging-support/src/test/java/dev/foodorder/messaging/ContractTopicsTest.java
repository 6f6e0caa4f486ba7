package dev.foodorder.messaging;

import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.context.support.StaticApplicationContext;
import org.springframework.kafka.core.KafkaAdmin;

import java.util.Collection;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ContractTopicsTest {

    @Test
    void aServiceCreatesEveryTopicOfTheContractAndItsDeadLetterTopicSoThatItCanStartBeforeTheirWriters() {
        var topics = new DeclaredTopics(new MessagingAutoConfiguration().contractTopics(defaults())).toCreate();

        assertThat(topics).extracting(NewTopic::name).containsExactlyInAnyOrder(
                "orders", "orders.DLT", "inventory", "inventory.DLT", "customers", "customers.DLT");
        assertThat(topics).allSatisfy(topic -> {
            assertThat(topic.numPartitions()).as("partitions of %s", topic.name()).isEqualTo(6);
            assertThat(topic.replicationFactor()).as("replicas of %s", topic.name()).isEqualTo((short) 1);
        });
    }

    private static MessagingProperties defaults() {
        return new Binder(new MapConfigurationPropertySource(Map.of())).bindOrCreate("messaging",
                Bindable.of(MessagingProperties.class));
    }

    /** The topics that Spring Kafka's admin creates at start-up, as it collects them from the context. */
    private static final class DeclaredTopics extends KafkaAdmin {

        DeclaredTopics(KafkaAdmin.NewTopics declared) {
            super(Map.of());
            var context = new StaticApplicationContext();
            context.getBeanFactory().registerSingleton("declared", declared);
            context.refresh();
            setApplicationContext(context);
        }

        Collection<NewTopic> toCreate() {
            return newTopics();
        }
    }
}
