package dev.foodorder.analytics.live;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The live page's one Kafka consumer per service instance, on a platform thread of its own: it reads
 * every partition of the watched topics and hands each record to the {@link LiveFeed}.
 *
 * <p>It is a viewer, not a consumer of the flow: it has no group, so it joins none, commits nothing and
 * is in nobody's lag; it takes its partitions with {@code assign()}, looking again every
 * {@code topic-refresh} for topics and partitions that appeared. It reads only while a page watches;
 * when one comes, each partition starts a few records before its end, so that the page is not empty.
 */
@Component
class TopicViewer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TopicViewer.class);
    private static final Duration POLL = Duration.ofMillis(250);
    private static final Duration IDLE_CHECK = Duration.ofSeconds(1);
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

    private final LiveFeed feed;
    private final LiveProperties properties;
    private final Map<String, Object> config;
    private final Object stopping = new Object();
    private volatile boolean running;
    private volatile Thread thread;
    private boolean closing;
    private long refreshedAt;

    /** @param consumers Spring Boot's, for the broker's address and security settings */
    TopicViewer(LiveFeed feed, LiveProperties properties, ConsumerFactory<?, ?> consumers) {
        this.feed = feed;
        this.properties = properties;
        this.config = viewerConfig(consumers.getConfigurationProperties());
    }

    private static Map<String, Object> viewerConfig(Map<String, Object> base) {
        var config = new HashMap<>(base);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Looking must not create: a topic appears in the lanes when its producer creates it.
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "analytics-live-viewer");
        return config;
    }

    @Override
    public void start() {
        running = true;
        closing = false;
        thread = Thread.ofPlatform().name("live-viewer").daemon(true).start(this::run);
    }

    @Override
    public void stop() {
        running = false;
        // An interrupt ends any wait of the viewer, in poll too; but not once it closes the consumer,
        // which must be able to wait for the broker to finish.
        synchronized (stopping) {
            if (!closing) {
                thread.interrupt();
            }
        }
        try {
            if (!thread.join(STOP_TIMEOUT.plus(METADATA_TIMEOUT))) {
                log.warn("The live viewer did not stop in time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        var viewer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        try {
            var troubled = false;
            while (running) {
                try {
                    view(viewer);
                    troubled = false;
                } catch (InterruptException e) {
                    throw e;
                } catch (KafkaException e) {
                    if (!troubled) {
                        log.warn("The live viewer cannot read the topics, and will try again: {}", e.toString());
                    }
                    troubled = true;
                    Thread.sleep(properties.topicRefresh());
                }
            }
        } catch (InterruptException | InterruptedException e) {
            // Stopping.
        } finally {
            close(viewer);
        }
    }

    private void close(KafkaConsumer<String, byte[]> viewer) {
        synchronized (stopping) {
            closing = true;
            Thread.interrupted();
        }
        try {
            viewer.close(CloseOptions.timeout(STOP_TIMEOUT));
        } catch (KafkaException e) {
            log.warn("The live viewer did not close cleanly: {}", e.toString());
        }
    }

    /** One round: wait for a page, find the partitions, read what came. */
    private void view(KafkaConsumer<String, byte[]> viewer) throws InterruptedException {
        if (!feed.awaitWatched(IDLE_CHECK)) {
            if (!viewer.assignment().isEmpty() && feed.forgetIfUnwatched()) {
                viewer.assign(List.of());
            }
            return;
        }
        if (System.nanoTime() - refreshedAt >= properties.topicRefresh().toNanos() || viewer.assignment().isEmpty()) {
            refresh(viewer);
        }
        if (viewer.assignment().isEmpty()) {
            // No watched topic exists yet; look again in a while.
            Thread.sleep(properties.topicRefresh());
            return;
        }
        for (var record : viewer.poll(POLL)) {
            publish(record);
        }
    }

    private void refresh(KafkaConsumer<String, byte[]> viewer) {
        refreshedAt = System.nanoTime();
        var partitions = viewer.listTopics(METADATA_TIMEOUT).values().stream()
                .flatMap(List::stream)
                .filter(info -> WatchedTopics.isWatched(info.topic()))
                .map(info -> new TopicPartition(info.topic(), info.partition()))
                .collect(Collectors.toSet());
        var added = new HashSet<>(partitions);
        added.removeAll(viewer.assignment());
        if (!partitions.equals(viewer.assignment())) {
            viewer.assign(partitions);
            startBeforeTheEnd(viewer, added);
        }
    }

    /** A page that comes sees the latest few records of each partition, not an empty lane. */
    private void startBeforeTheEnd(KafkaConsumer<String, byte[]> viewer, Set<TopicPartition> added) {
        if (added.isEmpty()) {
            return;
        }
        var beginnings = viewer.beginningOffsets(added, METADATA_TIMEOUT);
        var ends = viewer.endOffsets(added, METADATA_TIMEOUT);
        for (var partition : added) {
            var back = WatchedTopics.isDeadLetter(partition.topic())
                    ? Math.max(properties.recentPerPartition(), properties.recentDeadLetters())
                    : properties.recentPerPartition();
            viewer.seek(partition, Math.max(beginnings.get(partition), ends.get(partition) - back));
        }
    }

    private void publish(ConsumerRecord<String, byte[]> record) {
        try {
            feed.publish(LiveRecord.of(record), WatchedTopics.isDeadLetter(record.topic()) ? DeadLetter.of(record) : null);
        } catch (RuntimeException e) {
            // One odd record must not stop the page.
            log.warn("Cannot show record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.toString());
        }
    }
}
