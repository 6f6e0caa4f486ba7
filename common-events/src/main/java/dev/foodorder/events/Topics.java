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
}
