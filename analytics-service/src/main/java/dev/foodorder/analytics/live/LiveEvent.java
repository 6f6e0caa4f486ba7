package dev.foodorder.analytics.live;

/**
 * One server-sent event as it goes to every page: its name and its data, turned into JSON once,
 * however many pages watch.
 */
record LiveEvent(String name, String json) {

    static final String RECORD = "record";
    static final String DEAD_LETTER = "dead-letter";
    static final String LAG = "lag";
}
