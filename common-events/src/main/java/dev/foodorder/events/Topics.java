package dev.foodorder.events;

/** The topics of the contract. Partition counts are a deployment setting; this is the default. */
public final class Topics {

    /** The order lifecycle, keyed by order id. Written by order-service only. */
    public static final String ORDERS = "orders";

    /** Reservations keyed by order id and stock levels keyed by sku. Written by inventory-service only. */
    public static final String INVENTORY = "inventory";

    public static final int DEFAULT_PARTITIONS = 6;

    private static final String DEAD_LETTER_SUFFIX = ".DLT";

    private Topics() {
    }

    /** Where a consumer parks a record it cannot process, with the same partition count as its source. */
    public static String deadLetter(String topic) {
        return topic + DEAD_LETTER_SUFFIX;
    }
}
