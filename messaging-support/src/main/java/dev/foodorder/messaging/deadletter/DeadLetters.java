package dev.foodorder.messaging.deadletter;

import dev.foodorder.events.CloudEventHeaders;
import dev.foodorder.messaging.deadletter.Replays.Replay;
import dev.foodorder.messaging.kafka.CloudEventRecords;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * The records this service's consumer group parked in the dead-letter topics, for a person to look at
 * and replay once the cause is fixed: listing them, replaying one or all. Each listing reads the topics
 * afresh and corrects the figures ({@link WaitingDeadLetters}); at start-up, one read fills them.
 */
final class DeadLetters implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);
    /** Waiting records first, oldest first: an operator's work list; the replayed ones after them. */
    private static final Comparator<DeadLetter> WORK_ORDER = Comparator.comparing(DeadLetter::replayed)
            .thenComparing(DeadLetter::parkedAt)
            .thenComparing(DeadLetter::dltTopic)
            .thenComparingInt(DeadLetter::partition)
            .thenComparingLong(DeadLetter::offset);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(30);
    private static final Duration LAST_RETRY = Duration.ofMinutes(5);

    private final DeadLetterLog deadLetterLog;
    private final Replays replays;
    private final WaitingDeadLetters waiting;
    private final List<String> topics;
    private final Duration deduplicationWindow;
    private final Clock clock;
    private ScheduledExecutorService startUpRead;

    /**
     * @param topics              the dead-letter topics this service's listeners may park records in
     * @param deduplicationWindow how long consumers remember the ids of the events they handled
     *                            ({@code messaging.consumer.processed-retention}); a replay later than that
     *                            may be handled again by a consumer that had handled the original
     */
    DeadLetters(DeadLetterLog deadLetterLog, Replays replays, WaitingDeadLetters waiting, List<String> topics,
                Duration deduplicationWindow, Clock clock) {
        this.deadLetterLog = deadLetterLog;
        this.replays = replays;
        this.waiting = waiting;
        this.topics = List.copyOf(topics);
        this.deduplicationWindow = deduplicationWindow;
        this.clock = clock;
    }

    /**
     * @param group   the consumer group whose records these are: this service's
     * @param parked  how many records the group parked in the topics read, replayed or not
     * @param waiting how many of them wait for a replay
     * @param records the first of them in work order: those waiting, oldest first, then the replayed ones
     */
    record Listing(String group, long parked, long waiting, List<DeadLetter> records) {
    }

    /** What became of a request to replay a record. */
    sealed interface Outcome {

        record Replayed(Replay replay) implements Outcome {
        }

        record NotParked(Position position, String group) implements Outcome {
        }

        record AlreadyReplayed(Position position, Instant replayedAt) implements Outcome {
        }

        /** An event from longer ago than consumers remember event ids: replayed only when forced. */
        record OutsideDeduplicationWindow(Position position, Instant eventTime, Duration window) implements Outcome {
        }

        /** Why a record was not replayed, for a person; null if it was. */
        default String reason() {
            return switch (this) {
                case Replayed replayed -> null;
                case NotParked notParked -> "No record of consumer group %s is parked at %s."
                        .formatted(notParked.group(), notParked.position());
                case AlreadyReplayed already -> "%s was replayed at %s; a record is replayed once."
                        .formatted(already.position(), already.replayedAt());
                case OutsideDeduplicationWindow old -> ("%s is an event of %s, longer ago than consumers remember "
                        + "the ids of the events they handled (%s, messaging.consumer.processed-retention): a consumer that "
                        + "handled it then would handle it again. Replay with force=true if that is safe.")
                        .formatted(old.position(), old.eventTime(), old.window());
            };
        }
    }

    /** A record that was not replayed, and why. */
    record Skipped(String dltTopic, int partition, long offset, String reason) {
    }

    /**
     * @param replayed what was replayed
     * @param skipped  what was not: replayed meanwhile by another request, or outside the de-duplication window
     */
    record ReplayedAll(List<Replay> replayed, List<Skipped> skipped) {
    }

    /** The dead-letter topic named, or that of the topic named; empty if it is none of this service's. */
    Optional<String> deadLetterTopic(String topic) {
        return topics.stream().filter(name -> name.equals(topic) || name.equals(topic + ".DLT")).findFirst();
    }

    List<String> topics() {
        return topics;
    }

    /** @param topic one dead-letter topic, or null for all */
    Listing list(String topic, int limit) {
        var first = new PriorityQueue<>(WORK_ORDER.reversed());
        var counts = new long[2];
        read(topic, (record, replayedAt) -> {
            counts[0]++;
            counts[1] += replayedAt == null ? 1 : 0;
            first.add(DeadLetter.of(record, replayedAt));
            if (first.size() > limit) {
                first.poll();
            }
            return replayedAt;
        });
        var records = new ArrayList<>(first);
        records.sort(WORK_ORDER);
        return new Listing(deadLetterLog.group(), counts[0], counts[1], records);
    }

    Outcome replay(Position position, boolean force) {
        if (!topics.contains(position.topic())) {
            return new Outcome.NotParked(position, deadLetterLog.group());
        }
        var replayedAt = replays.replayedAmong(List.of(position)).get(position);
        if (replayedAt != null) {
            return new Outcome.AlreadyReplayed(position, replayedAt);
        }
        return deadLetterLog.read(position).map(record -> replay(record, force))
                .orElseGet(() -> new Outcome.NotParked(position, deadLetterLog.group()));
    }

    /** Replays every record of the topic (or of all) that waits, in the order they were parked per partition. */
    ReplayedAll replayAll(String topic, boolean force) {
        var replayed = new ArrayList<Replay>();
        var skipped = new ArrayList<Skipped>();
        read(topic, (record, replayedAt) -> {
            if (replayedAt != null) {
                return replayedAt;
            }
            return switch (replay(record, force)) {
                case Outcome.Replayed done -> {
                    replayed.add(done.replay());
                    yield done.replay().replayedAt();
                }
                case Outcome.AlreadyReplayed already -> {
                    skipped.add(new Skipped(record.topic(), record.partition(), record.offset(), already.reason()));
                    yield already.replayedAt();
                }
                case Outcome other -> {
                    skipped.add(new Skipped(record.topic(), record.partition(), record.offset(), other.reason()));
                    yield null;
                }
            };
        });
        return new ReplayedAll(replayed, skipped);
    }

    private Outcome replay(ConsumerRecord<String, byte[]> record, boolean force) {
        var position = Position.of(record);
        var eventTime = eventTime(record);
        if (!force && eventTime != null && eventTime.plus(deduplicationWindow).isBefore(clock.instant())) {
            return new Outcome.OutsideDeduplicationWindow(position, eventTime, deduplicationWindow);
        }
        var outcome = replays.replay(record)
                .<Outcome>map(Outcome.Replayed::new)
                .orElseGet(() -> new Outcome.AlreadyReplayed(position, replays.replayedAmong(List.of(position)).get(position)));
        waiting.replayed(position);
        if (outcome instanceof Outcome.Replayed done) {
            log.info("Replayed {} (ce_id {}) to {}-{}@{}", position, done.replay().id(), done.replay().topic(),
                    done.replay().partition(), done.replay().offset());
        }
        return outcome;
    }

    /**
     * When the event happened ({@code ce_time}), or else when the parked record was published: consumers
     * remembered its id from about then, and from no later. The time of a record that was itself a replay
     * would be too late; the event's is not, and is never later than its first publication.
     */
    private static Instant eventTime(ConsumerRecord<String, byte[]> record) {
        var time = CloudEventRecords.header(record.headers(), CloudEventHeaders.TIME);
        if (time != null) {
            try {
                return Instant.parse(time);
            } catch (DateTimeParseException e) {
                // A record that breaks the contract: the time it was published is all there is.
            }
        }
        return DeadLetter.of(record, null).originalTimestamp();
    }

    /**
     * Reads the records this group parked, each with when it was replayed (null if it waits), and corrects
     * the figures with what the read found.
     *
     * @param each is given each record, and answers when it was replayed once it is done with it: null if it still waits
     */
    private void read(String topic, BiFunction<ConsumerRecord<String, byte[]>, Instant, Instant> each) {
        var read = topic == null ? topics : List.of(topic);
        var replayed = replays.replayedIn(read);
        var waitingFound = new HashMap<Position, Instant>();
        Map<TopicPartition, Long> readUpTo = deadLetterLog.readAll(read, record -> {
            var position = Position.of(record);
            if (each.apply(record, replayed.get(position)) == null) {
                waitingFound.put(position, Instant.ofEpochMilli(record.timestamp()));
            }
        });
        waiting.found(waitingFound, readUpTo);
    }

    /**
     * Fills the figures with one read of the topics, in the background: the service does not wait for it,
     * and a broker that is away delays the figures, not the start. Tried again, less and less often,
     * until it succeeds; then the thread ends.
     */
    @Override
    public void start() {
        var executor = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("dead-letters-read").daemon().factory());
        startUpRead = executor;
        executor.execute(() -> readAtStart(executor, FIRST_RETRY));
    }

    private void readAtStart(ScheduledExecutorService executor, Duration nextRetry) {
        try {
            read(null, (record, replayedAt) -> replayedAt);
            executor.shutdown();
        } catch (RuntimeException e) {
            if (executor.isShutdown()) {
                return;
            }
            log.warn("Could not read the dead-letter topics {} for the figures of waiting records; trying again in {} s: {}",
                    topics, nextRetry.toSeconds(), e.toString());
            var after = nextRetry.multipliedBy(2);
            executor.schedule(() -> readAtStart(executor, after.compareTo(LAST_RETRY) > 0 ? LAST_RETRY : after),
                    nextRetry.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void stop() {
        if (startUpRead != null) {
            startUpRead.shutdownNow();
            startUpRead = null;
        }
    }

    @Override
    public boolean isRunning() {
        return startUpRead != null;
    }
}
