package dev.foodorder.analytics.streams;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts the records the read side could not read, as {@code analytics.records.skipped{topic,reason}}: a
 * record of a type this version does not know (a producer already writes a {@code .v2}), one that breaks
 * the contract, or one on the wrong topic. The figures leave such records out rather than stop for them.
 */
public final class SkippedRecords {

    public static final String UNKNOWN_TYPE = "unknown-type";
    public static final String MALFORMED = "malformed";
    public static final String WRONG_TOPIC = "wrong-topic";

    private static final String NAME = "analytics.records.skipped";

    private final MeterRegistry meters;

    public SkippedRecords(MeterRegistry meters) {
        this.meters = meters;
    }

    void count(String topic, String reason) {
        Counter.builder(NAME)
                .description("Records the analytics could not read, left out of every figure")
                .tag("topic", topic)
                .tag("reason", reason)
                .register(meters)
                .increment();
    }
}
