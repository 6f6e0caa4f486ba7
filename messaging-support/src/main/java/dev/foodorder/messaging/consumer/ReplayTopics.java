package dev.foodorder.messaging.consumer;

import dev.foodorder.events.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;

import java.util.Arrays;
import java.util.Objects;

/**
 * Creates the replay topics the service's listeners name ({@link EventBatches#REPLAYS}) just before they
 * start, where the service creates its topics at all: the contract's topics are known to every service, but
 * which topics a group replays to only its listeners say. Where the services create no topics (a secured
 * broker, Kubernetes), the deployment creates the same ones.
 */
public final class ReplayTopics implements SmartLifecycle {

    private final KafkaListenerEndpointRegistry listeners;
    private final KafkaAdmin admin;
    private final int partitions;
    private final short replicationFactor;
    private volatile boolean running;

    public ReplayTopics(KafkaListenerEndpointRegistry listeners, KafkaAdmin admin, int partitions, short replicationFactor) {
        this.listeners = listeners;
        this.admin = admin;
        this.partitions = partitions;
        this.replicationFactor = replicationFactor;
    }

    @Override
    public void start() {
        var topics = listeners.getListenerContainers().stream()
                .map(container -> container.getContainerProperties().getTopics())
                .filter(Objects::nonNull)
                .flatMap(Arrays::stream)
                .filter(topic -> topic.endsWith(Topics.REPLAY_SUFFIX))
                .distinct()
                .map(topic -> TopicBuilder.name(topic).partitions(partitions).replicas(replicationFactor).build())
                .toArray(NewTopic[]::new);
        if (topics.length > 0) {
            admin.createOrModifyTopics(topics);
        }
        running = true;
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Before the listeners: a consumer that subscribes to a missing topic warns about it at every metadata refresh. */
    @Override
    public int getPhase() {
        return AbstractMessageListenerContainer.DEFAULT_PHASE - 1;
    }
}
