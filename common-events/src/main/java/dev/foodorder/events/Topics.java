package dev.foodorder.events;

import java.util.Arrays;
import java.util.List;

/** The topics of the contract. Partition counts are a deployment setting; this is the default. */
public final class Topics {

    /** The order lifecycle, keyed by order id. Written by order-service only. */
    public static final String ORDERS = "orders";

    /** Reservations keyed by order id and stock levels keyed by sku. Written by inventory-service only. */
    public static final String INVENTORY = "inventory";

    /** What the stream analytics found out about customers, keyed by customer id. Written by analytics-service only. */
    public static final String CUSTOMERS = "customers";

    public static final int DEFAULT_PARTITIONS = 6;

    private static final String DEAD_LETTER_SUFFIX = ".DLT";

    /** Ends the name of a {@linkplain #replay replay topic}. */
    public static final String REPLAY_SUFFIX = ".replay";

    private Topics() {
    }

    /** Every topic of the contract: those its event types travel on, in the catalog's order. */
    public static List<String> all() {
        return Arrays.stream(EventType.values()).map(EventType::topic).distinct().toList();
    }

    /**
     * Whether the topic is written in Kafka transactions (customers, by Kafka Streams with exactly-once):
     * each transaction ends with a marker that takes an offset but is never delivered, which its
     * consumers have to allow for when they commit.
     */
    public static boolean writtenInTransactions(String topic) {
        return CUSTOMERS.equals(topic);
    }

    /** Where a consumer parks a record it cannot process, with the same partition count as its source. */
    public static String deadLetter(String topic) {
        return topic + DEAD_LETTER_SUFFIX;
    }

    /**
     * Where one consumer group's dead letters of a topic are replayed: {@code orders.inventory-service.replay}.
     * Only that group reads it and only its service writes it, so replaying needs no right to write a topic
     * another service owns, and the other groups, which handled the record the first time, do not see it again.
     */
    public static String replay(String topic, String group) {
        return topic + "." + group + REPLAY_SUFFIX;
    }

    /** The contract topic whose events a topic carries: the topic itself, or the one a replay topic replays. */
    public static String source(String topic) {
        if (topic.endsWith(REPLAY_SUFFIX)) {
            for (var contract : all()) {
                if (topic.startsWith(contract + ".")) {
                    return contract;
                }
            }
        }
        return topic;
    }
}
