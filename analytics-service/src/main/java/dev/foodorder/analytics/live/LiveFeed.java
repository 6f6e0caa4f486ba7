package dev.foodorder.analytics.live;

import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Fans the viewer's records and the lag out to every watching page, and keeps the latest of them so
 * that a page that connects is not empty. A page's replay and its place among the subscribers are
 * taken under one lock with the fan-out, so it sees every record once: in the replay, or after it.
 *
 * <p>A lifecycle bean so that it ends the open streams before the web server's graceful shutdown,
 * which would otherwise wait for them until its timeout.
 */
@Component
class LiveFeed implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LiveFeed.class);

    private final LiveProperties properties;
    private final JsonMapper json;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition watched = lock.newCondition();
    private final Set<Subscriber> subscribers = new LinkedHashSet<>();
    private final Map<TopicPartition, Deque<Recent>> recent = new HashMap<>();
    private final Deque<LiveEvent> recentDeadLetters = new ArrayDeque<>();
    private LiveEvent latestLag;
    private boolean running;
    /** Pages are refused once it is stopped, but not before it starts: the web server takes requests before. */
    private boolean stopped;

    LiveFeed(LiveProperties properties, JsonMapper json) {
        this.properties = properties;
        this.json = json;
    }

    private record Recent(Instant time, LiveEvent event) {
    }

    /**
     * Adds a page: it is sent the recent records (oldest first), the recent dead letters and the latest
     * lag, then everything as it comes.
     *
     * @throws StreamUnavailable if as many pages watch as allowed, or the service is shutting down
     */
    Subscriber subscribe(EventSink sink) {
        lock.lock();
        try {
            if (stopped) {
                throw StreamUnavailable.shuttingDown();
            }
            if (subscribers.size() >= properties.maxSubscribers()) {
                throw StreamUnavailable.full(properties.maxSubscribers());
            }
            var replay = replay();
            var subscriber = new Subscriber(sink, replay.size() + properties.subscriberBuffer(), properties.heartbeat(),
                    this::leave);
            replay.forEach(subscriber::offer);
            subscribers.add(subscriber);
            watched.signalAll();
            subscriber.start();
            return subscriber;
        } finally {
            lock.unlock();
        }
    }

    /** Removes a page that has gone or failed, and ends its stream; again for the same page does nothing. */
    void leave(Subscriber subscriber) {
        lock.lock();
        try {
            if (subscribers.remove(subscriber)) {
                subscriber.end();
            }
        } finally {
            lock.unlock();
        }
    }

    /** @param deadLetter what the record says about why it was parked, or null for a record of a source topic */
    void publish(LiveRecord record, DeadLetter deadLetter) {
        var recordEvent = event(LiveEvent.RECORD, record);
        var deadLetterEvent = deadLetter == null ? null : event(LiveEvent.DEAD_LETTER, deadLetter);
        lock.lock();
        try {
            remember(record, recordEvent);
            fanOut(recordEvent);
            if (deadLetterEvent != null) {
                remember(deadLetterEvent);
                fanOut(deadLetterEvent);
            }
        } finally {
            lock.unlock();
        }
    }

    void publish(ConsumerLag lag) {
        var lagEvent = event(LiveEvent.LAG, lag);
        lock.lock();
        try {
            latestLag = lagEvent;
            fanOut(lagEvent);
        } finally {
            lock.unlock();
        }
    }

    boolean watched() {
        lock.lock();
        try {
            return !subscribers.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    int subscribers() {
        lock.lock();
        try {
            return subscribers.size();
        } finally {
            lock.unlock();
        }
    }

    /** @return true as soon as a page watches, false if none did within the timeout */
    boolean awaitWatched(Duration timeout) throws InterruptedException {
        lock.lock();
        try {
            var nanos = timeout.toNanos();
            while (subscribers.isEmpty()) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = watched.awaitNanos(nanos);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Forgets the recent records if no page watches: the viewer stops reading then, so they would grow
     * stale, and it reads the latest again when a page comes.
     *
     * @return whether no page watches
     */
    boolean forgetIfUnwatched() {
        lock.lock();
        try {
            if (!subscribers.isEmpty()) {
                return false;
            }
            recent.clear();
            recentDeadLetters.clear();
            latestLag = null;
            return true;
        } finally {
            lock.unlock();
        }
    }

    private List<LiveEvent> replay() {
        var replay = new ArrayList<LiveEvent>();
        recent.values().stream().flatMap(Deque::stream)
                .sorted(Comparator.comparing(Recent::time))
                .map(Recent::event)
                .forEach(replay::add);
        replay.addAll(recentDeadLetters);
        if (latestLag != null) {
            replay.add(latestLag);
        }
        return replay;
    }

    private void remember(LiveRecord record, LiveEvent event) {
        var latest = recent.computeIfAbsent(new TopicPartition(record.topic(), record.partition()), partition -> new ArrayDeque<>());
        latest.addLast(new Recent(record.time(), event));
        while (latest.size() > properties.recentPerPartition()) {
            latest.removeFirst();
        }
    }

    private void remember(LiveEvent deadLetter) {
        recentDeadLetters.addLast(deadLetter);
        while (recentDeadLetters.size() > properties.recentDeadLetters()) {
            recentDeadLetters.removeFirst();
        }
    }

    private void fanOut(LiveEvent event) {
        List<Subscriber> behind = null;
        for (var subscriber : subscribers) {
            if (!subscriber.offer(event)) {
                behind = behind == null ? new ArrayList<>() : behind;
                behind.add(subscriber);
            }
        }
        if (behind != null) {
            log.info("Dropping {} live page(s) that fell {} events behind; their browsers will reconnect",
                    behind.size(), properties.subscriberBuffer());
            behind.forEach(this::leave);
        }
    }

    private LiveEvent event(String name, Object data) {
        return new LiveEvent(name, json.writeValueAsString(data));
    }

    @Override
    public void start() {
        lock.lock();
        try {
            running = true;
            stopped = false;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void stop() {
        lock.lock();
        try {
            running = false;
            stopped = true;
            subscribers.forEach(Subscriber::end);
            subscribers.clear();
            watched.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isRunning() {
        lock.lock();
        try {
            return running;
        } finally {
            lock.unlock();
        }
    }
}
