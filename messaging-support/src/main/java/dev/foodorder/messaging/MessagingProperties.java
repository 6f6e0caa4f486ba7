package dev.foodorder.messaging;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * Settings of the shared messaging support, under {@code messaging.*}; each has an environment
 * override ({@code MESSAGING_OUTBOX_BATCH_SIZE} and so on).
 *
 * @param source   the CloudEvents {@code ce_source} of this service's events
 * @param outbox   the relay's settings
 * @param consumer retries and de-duplication of consumed events
 * @param topics   the topics this service declares at start-up
 */
@ConfigurationProperties("messaging")
public record MessagingProperties(String source, Outbox outbox, Consumer consumer, Topics topics) {

    public MessagingProperties {
        outbox = outbox != null ? outbox : new Outbox(true, 500, Duration.ofMillis(500), Duration.ofSeconds(30),
                Duration.ofHours(1), Duration.ofMinutes(1));
        consumer = consumer != null ? consumer : new Consumer(4, Duration.ofMillis(200), 2.0, Duration.ofSeconds(5),
                Duration.ofDays(7));
        topics = topics != null ? topics : new Topics(true, dev.foodorder.events.Topics.DEFAULT_PARTITIONS, (short) 1);
    }

    /**
     * @param enabled         whether this instance runs a relay at all
     * @param batchSize       the most rows published in one round trip
     * @param pollInterval    how often the relay looks for rows when nobody woke it (the fallback path)
     * @param sendTimeout     how long a batch may wait for the broker's acknowledgements
     * @param retention       how long published rows are kept before the cleaner deletes them
     * @param cleanupInterval how often the cleaner runs
     */
    public record Outbox(boolean enabled, int batchSize, Duration pollInterval, Duration sendTimeout,
                         Duration retention, Duration cleanupInterval) {
    }

    /**
     * @param maxRetries         retries of a failing record before it goes to the dead-letter topic
     * @param initialBackOff     the first wait between retries
     * @param multiplier         how much each wait grows
     * @param maxBackOff         the longest wait
     * @param processedRetention how long processed event ids are remembered for de-duplication
     */
    public record Consumer(int maxRetries, Duration initialBackOff, double multiplier, Duration maxBackOff,
                           Duration processedRetention) {
    }

    /**
     * @param create            whether to create the topics at start-up when they are missing
     * @param partitions        partitions of every topic and dead-letter topic
     * @param replicationFactor replicas of every partition
     */
    public record Topics(boolean create, int partitions, short replicationFactor) {
    }
}
