package dev.foodorder.infrastructure;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Every topic of a stack, created before any service starts, as a deployment's Topic Operator creates them:
 * the services may not on a secured broker ({@link KafkaAcls}), and none has to win a race to. A topic that
 * exists already is left as it is.
 */
public final class StackTopics {

    /**
     * A dead-letter topic's settings, as the services declare them where they create topics: kept 30 days
     * ({@code messaging.dead-letters.retention}) and room for a record twice the size a producer may write
     * ({@code DeadLetterTopics.MAX_RECORD_BYTES}). See docs/adr/0019-dead-letters-for-operators.md.
     */
    public static final Map<String, String> DEAD_LETTER_CONFIG = Map.of(
            TopicConfig.RETENTION_MS_CONFIG, Long.toString(Duration.ofDays(30).toMillis()),
            TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(2 * 1024 * 1024));

    /** The contract's default ({@code Topics.DEFAULT_PARTITIONS}, which KafkaAclsTest holds this to), for every topic. */
    static final int PARTITIONS = 6;

    private StackTopics() {
    }

    /** @param adminProperties how the stack's admin reaches the broker ({@code KafkaProcess.adminProperties()}) */
    public static void create(Map<String, Object> adminProperties, short replicationFactor) {
        var deadLetters = KafkaAcls.deadLetterTopics();
        createMissing(adminProperties, KafkaAcls.topics().stream()
                .map(name -> new NewTopic(name, PARTITIONS, replicationFactor)
                        .configs(deadLetters.contains(name) ? DEAD_LETTER_CONFIG : Map.of()))
                .toList());
    }

    /** Creates those of the topics that do not exist yet: the one way the stack's brokers and clusters create topics. */
    static void createMissing(Map<String, Object> adminProperties, List<NewTopic> topics) {
        try (var admin = Admin.create(adminProperties)) {
            var existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            var missing = topics.stream().filter(topic -> !existing.contains(topic.name())).toList();
            admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot create topics", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
