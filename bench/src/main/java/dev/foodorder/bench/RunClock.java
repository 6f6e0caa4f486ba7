package dev.foodorder.bench;

import java.time.Duration;
import java.time.Instant;

/**
 * The run's time line: seconds since the run started, for the driver's own measurements (from the
 * monotonic clock) and for the services' timestamps (wall clock, the same machine's) alike.
 */
final class RunClock {

    private final long startNanos = System.nanoTime();
    private final Instant startInstant = Instant.now();

    /** Nanoseconds since the start, monotonic. */
    long nanos() {
        return System.nanoTime() - startNanos;
    }

    double seconds() {
        return nanos() / 1e9;
    }

    double seconds(Instant instant) {
        return Duration.between(startInstant, instant).toNanos() / 1e9;
    }

    Instant startedAt() {
        return startInstant;
    }
}
