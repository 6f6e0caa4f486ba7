package dev.foodorder.systemtest;

import org.awaitility.core.ConditionTimeoutException;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static org.awaitility.Awaitility.await;

/**
 * Watches a consumer group from outside, as an operator's dashboard would: whether any of its
 * members holds partitions of a topic, and when that changed. Asks the broker four times a second
 * on a thread of its own, from its creation until it is closed.
 */
final class GroupWatch implements AutoCloseable {

    private static final Duration EVERY = Duration.ofMillis(250);

    private final ConsumerGroups groups;
    private final String group;
    private final String topic;
    private final long startedAt = System.nanoTime();
    private final Thread watcher;
    private volatile Map<String, Set<Integer>> owners = Map.of();
    private volatile boolean owned;
    private volatile long lostAt = -1;
    private volatile long regainedAt = -1;
    private volatile boolean closed;

    GroupWatch(Map<String, Object> client, String group, String topic) {
        this.groups = new ConsumerGroups(client);
        this.group = group;
        this.topic = topic;
        this.watcher = Thread.ofVirtual().name("group-watch-" + group).start(this::watch);
    }

    /** The instances holding partitions of the topic, when the broker last answered. */
    Map<String, Set<Integer>> owners() {
        return owners;
    }

    /** Waits until a member of the group holds partitions of the topic. */
    void awaitOwner(Duration atMost) {
        await("a member of %s holding partitions of %s".formatted(group, topic)).atMost(atMost).pollInterval(EVERY)
                .until(() -> owned);
    }

    /**
     * Waits until no member of the group holds a partition of the topic (the broker removed them, or they
     * left), after one had held some.
     */
    void awaitNoOwner(Duration atMost) {
        await("no member of %s holding partitions of %s".formatted(group, topic)).atMost(atMost).pollInterval(EVERY)
                .until(() -> lostAt >= 0);
    }

    /** Waits until the group holds partitions of the topic again, after it had lost them. */
    void awaitOwnerAgain(Duration atMost) {
        try {
            await("a member of %s holding partitions of %s again".formatted(group, topic)).atMost(atMost).pollInterval(EVERY)
                    .until(() -> regainedAt >= 0);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("The group %s never held partitions of %s again; it last had %s".formatted(group, topic, owners), e);
        }
    }

    /** Seconds from the given moment ({@link System#nanoTime()}) until the group was first seen without owners; NaN if never. */
    double secondsUntilLost(long from) {
        return lostAt < 0 ? Double.NaN : (lostAt - from) / 1e9;
    }

    /** Seconds from the given moment until the group was seen with owners again after losing them; NaN if not yet. */
    double secondsUntilRegained(long from) {
        return regainedAt < 0 ? Double.NaN : (regainedAt - from) / 1e9;
    }

    boolean lostItsOwners() {
        return lostAt >= 0;
    }

    private void watch() {
        while (!closed) {
            try {
                var now = groups.owners(group, topic);
                owners = now;
                var at = System.nanoTime();
                if (!now.isEmpty()) {
                    owned = true;
                }
                if (now.isEmpty() && owned && lostAt < 0) {
                    lostAt = at;
                } else if (!now.isEmpty() && lostAt >= 0 && regainedAt < 0) {
                    regainedAt = at;
                }
            } catch (RuntimeException e) {
                // The broker did not answer in time: ask again.
            }
            try {
                // The watcher's pace, not a wait for a condition.
                Thread.sleep(EVERY);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        watcher.interrupt();
        groups.close();
    }
}
