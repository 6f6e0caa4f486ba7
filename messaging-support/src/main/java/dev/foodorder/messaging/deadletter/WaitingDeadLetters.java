package dev.foodorder.messaging.deadletter;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How many of the records this service's consumer group parked still wait for a replay, and how long the
 * oldest of them has waited, per dead-letter topic ({@code events.dead.letters.waiting} and
 * {@code events.dead.letters.oldest.age}), beside the count of those parked ({@code events.dead.lettered}).
 *
 * <p>Kept in memory, not read from the topics at each scrape: an idle service must cost next to nothing,
 * and a dead-letter topic is read only once at start-up ({@link DeadLetters}) and whenever its records are
 * listed. In between, what this instance parks and replays updates the figures at once. A replay made
 * by another instance is seen within {@value #RECHECK_SECONDS} s: while records wait, a scrape asks the replay
 * table about them at most that often. A record another instance parked is counted there, and here from
 * this instance's next start or listing; an alert therefore takes the maximum over the instances.
 * Until the start-up read has finished, both figures are NaN: not known yet.
 */
final class WaitingDeadLetters implements MeterBinder {

    private static final long RECHECK_SECONDS = 30;

    private final List<String> topics;
    private final Replays replays;
    private final Clock clock;
    /** Each waiting record, and when it was parked. */
    private final Map<Position, Instant> waiting = new ConcurrentHashMap<>();
    private final AtomicLong lastRecheck = new AtomicLong();
    private volatile boolean known;

    WaitingDeadLetters(List<String> topics, Replays replays, Clock clock) {
        this.topics = List.copyOf(topics);
        this.replays = replays;
        this.clock = clock;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (var topic : topics) {
            Gauge.builder("events.dead.letters.waiting", this, figures -> figures.waiting(topic))
                    .tag("topic", topic)
                    .description("Records this service's consumer group parked in the dead-letter topic that were not replayed yet")
                    .register(registry);
            Gauge.builder("events.dead.letters.oldest.age", this, figures -> figures.oldestAgeSeconds(topic))
                    .tag("topic", topic)
                    .description("How long the oldest record that waits for a replay has been parked; 0 if none waits")
                    .baseUnit("seconds")
                    .register(registry);
        }
    }

    /** This instance parked a record. */
    void parked(RecordMetadata parked) {
        if (parked.hasOffset()) {
            waiting.put(new Position(parked.topic(), parked.partition(), parked.offset()), Instant.ofEpochMilli(parked.timestamp()));
        }
    }

    /** This instance replayed a record. */
    void replayed(Position position) {
        waiting.remove(position);
    }

    /**
     * What a complete read of the topics found: the records waiting below the offsets it read up to.
     * Records parked after the read began, at or above those offsets, stay as they were.
     */
    void found(Map<Position, Instant> waitingBelow, Map<TopicPartition, Long> readUpTo) {
        waiting.keySet().removeIf(position -> {
            var end = readUpTo.get(position.topicPartition());
            return end != null && position.offset() < end;
        });
        waiting.putAll(waitingBelow);
        known = true;
    }

    double waiting(String topic) {
        if (!known) {
            return Double.NaN;
        }
        recheckIfDue();
        return waiting.keySet().stream().filter(position -> position.topic().equals(topic)).count();
    }

    double oldestAgeSeconds(String topic) {
        if (!known) {
            return Double.NaN;
        }
        recheckIfDue();
        return waiting.entrySet().stream()
                .filter(entry -> entry.getKey().topic().equals(topic))
                .map(Map.Entry::getValue)
                .min(Instant::compareTo)
                .map(parkedAt -> Math.max(0, Duration.between(parkedAt, clock.instant()).toMillis()) / 1000.0)
                .orElse(0.0);
    }

    /**
     * Drops the records that were replayed meanwhile, by any instance; at most every {@value #RECHECK_SECONDS} s,
     * and only while some wait.
     */
    private void recheckIfDue() {
        var now = clock.millis();
        var last = lastRecheck.get();
        if (waiting.isEmpty() || now - last < RECHECK_SECONDS * 1000 || !lastRecheck.compareAndSet(last, now)) {
            return;
        }
        try {
            Collection<Position> replayed = replays.replayedAmong(List.copyOf(waiting.keySet())).keySet();
            replayed.forEach(waiting::remove);
        } catch (RuntimeException e) {
            // A scrape must not fail because the database is briefly away; the next one asks again.
            lastRecheck.set(last);
        }
    }
}
