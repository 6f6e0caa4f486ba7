package dev.foodorder.messaging;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Settings of the shared messaging support, under {@code messaging.*}; each has an environment
 * override ({@code MESSAGING_OUTBOX_BATCH_SIZE} and so on).
 *
 * @param source      the CloudEvents {@code ce_source} of this service's events; {@code /<spring.application.name>} if unset
 * @param outbox      the relay's settings
 * @param consumer    retries and de-duplication of consumed events
 * @param topics      the topics this service declares at start-up
 * @param deadLetters how long parked records are kept
 */
@ConfigurationProperties("messaging")
public record MessagingProperties(String source, @DefaultValue Outbox outbox, @DefaultValue Consumer consumer,
                                  @DefaultValue Topics topics, @DefaultValue DeadLetters deadLetters) {

    /**
     * @param enabled         whether this instance runs a relay at all
     * @param batchSize       the most rows published in one round trip
     * @param pollInterval    how often the relay looks for rows when nobody woke it (the fallback path)
     * @param coalesce        how long the relay, once woken by a commit, waits for more commits to publish with it,
     *                        when the wake-up comes within 10 ms of its last batch
     * @param sendTimeout     how long a batch may wait for the broker's acknowledgements
     * @param cleanupInterval how often housekeeping forgets processed event ids past their retention
     */
    public record Outbox(@DefaultValue("true") boolean enabled,
                         @DefaultValue("500") int batchSize,
                         @DefaultValue("500ms") Duration pollInterval,
                         @DefaultValue("2ms") Duration coalesce,
                         @DefaultValue("30s") Duration sendTimeout,
                         @DefaultValue("1m") Duration cleanupInterval) {
    }

    /**
     * @param maxRetries         retries of a failing record before it goes to the dead-letter topic
     * @param initialBackOff     the first wait between retries
     * @param multiplier         how much each wait grows
     * @param maxBackOff         the longest wait
     * @param processedRetention how long processed event ids are remembered for de-duplication
     */
    public record Consumer(@DefaultValue("4") int maxRetries,
                           @DefaultValue("200ms") Duration initialBackOff,
                           @DefaultValue("2.0") double multiplier,
                           @DefaultValue("5s") Duration maxBackOff,
                           @DefaultValue("7d") Duration processedRetention) {
    }

    /**
     * @param create            whether to create the topics at start-up when they are missing
     * @param partitions        partitions of every topic and dead-letter topic
     * @param replicationFactor replicas of every partition
     */
    public record Topics(@DefaultValue("true") boolean create,
                         @DefaultValue("6") int partitions,
                         @DefaultValue("1") short replicationFactor) {
    }

    /**
     * @param retention how long a dead-letter topic keeps a parked record ({@code retention.ms} of every
     *                  {@code <topic>.DLT} this service declares): long enough for a person to notice, fix
     *                  the cause and replay it
     */
    public record DeadLetters(@DefaultValue("30d") Duration retention) {
    }
}
