package dev.foodorder.bench;

import java.time.Duration;

/**
 * One phase of the load. Open model: orders arrive at a fixed rate whatever the system does, so a
 * system that falls behind shows it as queueing. Closed model: a fixed number of customers, each
 * placing an order and waiting for its outcome before placing the next, so the system sets the pace.
 * A priming step ramps the rate up from a tenth of the first step's, so that freshly started JVMs
 * compile their hot code before anything is counted.
 *
 * @param fromRate the rate at the start of an open step, which climbs linearly to {@code rate}
 * @param rate     orders per second (open model), or 0
 * @param clients  concurrent customers (closed model), or 0
 */
record Step(String name, int fromRate, int rate, int clients, Duration warmup, Duration duration) {

    static final Duration IDLE_SETTLING = Duration.ofSeconds(30);

    static Step open(int rate, Duration warmup, Duration duration) {
        return new Step("open " + rate + "/s", rate, rate, 0, warmup, duration);
    }

    static Step closed(int clients, Duration warmup, Duration duration) {
        return new Step("closed " + clients + " clients", 0, 0, clients, warmup, duration);
    }

    /** Uncounted from start to end. */
    static Step prime(int rate, Duration duration) {
        return new Step("prime", Math.max(1, rate / 10), rate, 0, duration, Duration.ZERO);
    }

    /**
     * No orders at all, after the load: what the stack costs when nobody orders. Its uncounted start
     * lets the last batches, the offset commits and the clean-up after the load (PostgreSQL's
     * autovacuum) end first, so that the counted part is what an idle stack keeps spending.
     */
    static Step idle(Duration duration) {
        return new Step("idle", 0, 0, 0, IDLE_SETTLING, duration);
    }

    boolean isIdle() {
        return rate == 0 && clients == 0;
    }

    boolean isOpen() {
        return rate > 0;
    }

    private double seconds() {
        return (warmup.toMillis() + duration.toMillis()) / 1000.0;
    }

    /** The orders an open-model step places, warm-up included: its bound. */
    long orders() {
        return Math.round((fromRate + rate) / 2.0 * seconds());
    }

    /** When the i-th order (from 0) of an open step is due, in seconds from the step's start. */
    double due(long i) {
        if (fromRate == rate) {
            return i / (double) rate;
        }
        // The rate climbs as fromRate + k t, so the orders due by t are fromRate t + k t^2 / 2.
        var k = (rate - fromRate) / seconds();
        return (-fromRate + Math.sqrt((double) fromRate * fromRate + 2 * k * i)) / k;
    }

    /**
     * When a step ran, in seconds since the start of the run.
     *
     * @param measuredFrom the end of the warm-up: only what happened after it counts
     */
    record Window(Step step, double start, double measuredFrom, double end) {

        double measuredSeconds() {
            return end - measuredFrom;
        }

        boolean measures(double t) {
            return t >= measuredFrom && t < end;
        }
    }
}
