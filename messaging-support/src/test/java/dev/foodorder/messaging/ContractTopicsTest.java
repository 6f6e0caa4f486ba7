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

    @Test
    void deadLetterTopicsKeepTheirRecordsThirtyDaysAndTakeLargerRecordsAndTheOthersHaveTheBrokersDefaults() {
        var topics = new DeclaredTopics(new MessagingAutoConfiguration().contractTopics(defaults())).toCreate();

        assertThat(topics).filteredOn(topic -> topic.name().endsWith(".DLT")).hasSize(3)
                .allSatisfy(topic -> assertThat(topic.configs()).containsOnly(Map.entry("retention.ms", "2592000000"),
                        Map.entry("max.message.bytes", "2097152")));
        assertThat(topics).filteredOn(topic -> !topic.name().endsWith(".DLT")).hasSize(3)
                .allSatisfy(topic -> assertThat(topic.configs()).isNullOrEmpty());
    }

    @Test
    void theDeadLettersRetentionIsASetting() {
        var properties = bind(Map.of("messaging.dead-letters.retention", "90d"));

        var topics = new DeclaredTopics(new MessagingAutoConfiguration().contractTopics(properties)).toCreate();

        assertThat(topics).filteredOn(topic -> topic.name().equals("orders.DLT")).singleElement()
                .satisfies(topic -> assertThat(topic.configs()).containsEntry("retention.ms", Long.toString(90L * 24 * 3600 * 1000)));
    }

    private static MessagingProperties defaults() {
        return bind(Map.of());
    }

    private static MessagingProperties bind(Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings)).bindOrCreate("messaging",
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
