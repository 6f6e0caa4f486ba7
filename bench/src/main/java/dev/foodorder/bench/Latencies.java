package dev.foodorder.bench;

import org.HdrHistogram.Histogram;

import java.util.Collection;

/** Latency percentiles in milliseconds, from an HdrHistogram of microseconds (3 significant digits). */
record Latencies(long count, double p50, double p90, double p99, double p999, double max) {

    static final Latencies NONE = new Latencies(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    static Latencies of(Collection<Double> millis) {
        if (millis.isEmpty()) {
            return NONE;
        }
        var histogram = new Histogram(3_600_000_000L, 3);
        for (var value : millis) {
            histogram.recordValue(Math.max(1, Math.min(3_600_000_000L, Math.round(value * 1000))));
        }
        return new Latencies(histogram.getTotalCount(), millis(histogram.getValueAtPercentile(50)),
                millis(histogram.getValueAtPercentile(90)), millis(histogram.getValueAtPercentile(99)),
                millis(histogram.getValueAtPercentile(99.9)), millis(histogram.getMaxValue()));
    }

    private static double millis(long micros) {
        return micros / 1000.0;
    }
}
