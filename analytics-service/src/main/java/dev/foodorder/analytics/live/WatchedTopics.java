package dev.foodorder.analytics.live;

import dev.foodorder.events.Topics;

import java.util.List;
import java.util.stream.Stream;

/** The topics the live page shows: the contract's topics, and the dead-letter topic of each. */
final class WatchedTopics {

    private static final List<String> SOURCES = List.of(Topics.ORDERS, Topics.INVENTORY, Topics.CUSTOMERS);

    private static final List<String> DEAD_LETTERS = SOURCES.stream().map(Topics::deadLetter).toList();

    /** In the order the page draws them. */
    static final List<String> ALL = Stream.concat(SOURCES.stream(), DEAD_LETTERS.stream()).toList();

    private WatchedTopics() {
    }

    static boolean isWatched(String topic) {
        return ALL.contains(topic);
    }

    static boolean isDeadLetter(String topic) {
        return DEAD_LETTERS.contains(topic);
    }
}
