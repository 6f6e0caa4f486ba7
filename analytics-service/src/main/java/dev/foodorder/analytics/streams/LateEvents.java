package dev.foodorder.analytics.streams;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts events that came later than a window's grace, as {@code analytics.events.late{view}}: their
 * window was already final, so they are left out of it. A steady count means the grace is too short
 * for how late the producers' events arrive.
 */
public final class LateEvents {

    private static final String NAME = "analytics.events.late";

    private final MeterRegistry meters;

    public LateEvents(MeterRegistry meters) {
        this.meters = meters;
    }

    public void count(String view) {
        Counter.builder(NAME)
                .description("Events later than the grace of their window, left out of it")
                .tag("view", view)
                .register(meters)
                .increment();
    }
}
