package dev.foodorder.analytics.figures;

/**
 * The times to outcome of one minute, counted in fixed buckets rather than kept one by one: a minute
 * stays a few hundred bytes whatever the traffic, and the parts of one minute kept by different
 * partitions add up bucket by bucket, which percentiles could not.
 *
 * @param counts how many times fell in each bucket of {@link #BOUNDS_MS}, and last, how many beyond it
 * @param minMs  the shortest time seen; bounds the estimates, so a minute of equal times reports that time
 * @param maxMs  the longest time seen
 */
record OutcomeHistogram(long[] counts, long minMs, long maxMs) {

    /** Upper bounds of the buckets, in milliseconds: finer where orders are settled, coarser beyond. */
    static final long[] BOUNDS_MS = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 30_000, 60_000};

    static final OutcomeHistogram EMPTY = new OutcomeHistogram(new long[BOUNDS_MS.length + 1], 0, 0);

    OutcomeHistogram record(long ms) {
        var updated = counts.clone();
        updated[bucketOf(ms)]++;
        return new OutcomeHistogram(updated, total() == 0 ? ms : Math.min(minMs, ms), Math.max(maxMs, ms));
    }

    OutcomeHistogram plus(OutcomeHistogram other) {
        if (other.total() == 0) {
            return this;
        }
        if (total() == 0) {
            return other;
        }
        var sum = counts.clone();
        for (var i = 0; i < sum.length; i++) {
            sum[i] += other.counts[i];
        }
        return new OutcomeHistogram(sum, Math.min(minMs, other.minMs), Math.max(maxMs, other.maxMs));
    }

    long total() {
        var total = 0L;
        for (var count : counts) {
            total += count;
        }
        return total;
    }

    /**
     * Estimates a percentile by linear interpolation within its bucket, as Prometheus'
     * {@code histogram_quantile} does, kept within the shortest and longest times seen.
     *
     * @param fraction 0.5 for the median, 0.99 for the 99th percentile
     * @return null if no time was recorded
     */
    Double percentile(double fraction) {
        var total = total();
        if (total == 0) {
            return null;
        }
        var rank = fraction * total;
        var below = 0L;
        for (var i = 0; i < counts.length; i++) {
            if (counts[i] > 0 && below + counts[i] >= rank) {
                var lower = i == 0 ? 0 : BOUNDS_MS[i - 1];
                var upper = i < BOUNDS_MS.length ? BOUNDS_MS[i] : maxMs;
                var estimate = lower + (upper - lower) * (rank - below) / counts[i];
                return Math.clamp(estimate, minMs, maxMs);
            }
            below += counts[i];
        }
        return (double) maxMs;
    }

    private static int bucketOf(long ms) {
        for (var i = 0; i < BOUNDS_MS.length; i++) {
            if (ms <= BOUNDS_MS[i]) {
                return i;
            }
        }
        return BOUNDS_MS.length;
    }
}
