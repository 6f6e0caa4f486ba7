package dev.foodorder.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Places orders through {@code POST /api/orders}: at a fixed arrival rate (open model), each order on
 * a virtual thread of its own, or as a fixed number of customers who each wait for the outcome of
 * their order before placing the next (closed model). Both are bounded: an open step places a fixed
 * count of orders and never has more than {@link #MAX_IN_FLIGHT} unanswered, a closed step stops
 * placing at its end.
 */
final class Driver {

    /** The skus on the menu that the inventory stocks by the hundred. */
    static final List<String> SKUS = List.of("margherita", "diavola", "quattro-formaggi", "carbonara", "lasagna",
            "risotto", "caesar-salad", "bruschetta", "panna-cotta", "espresso", "lemonade");
    /** Nearly sold out: an order with it is rejected once its three units are gone, as in the walkthrough. */
    static final String SCARCE_SKU = "tiramisu";
    static final double SCARCE_SHARE = 0.02;
    static final int CUSTOMERS = 100;
    /** Mean units of one sku per order: (1 to 3 lines, 1 to 2 each) spread over the skus. */
    static final double UNITS_PER_SKU_PER_ORDER = 2.0 * 1.5 / 11;

    private static final int MAX_IN_FLIGHT = 2_000;
    private static final int OUTCOME_WAIT_SECONDS = 10;

    final LongAdder offered = new LongAdder();
    final LongAdder accepted = new LongAdder();
    final LongAdder refused = new LongAdder();
    final LongAdder failed = new LongAdder();

    private final Api api;
    private final RunClock clock;
    private final String runId;
    private final PrintStream out;
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    private final ConcurrentLinkedQueue<Placement> placements = new ConcurrentLinkedQueue<>();
    private final AtomicLong sequence = new AtomicLong();
    private volatile Step current;

    Driver(Api api, RunClock clock, String runId, PrintStream out) {
        this.api = api;
        this.clock = clock;
        this.runId = runId;
        this.out = out;
    }

    /** Runs the steps one after the other; returns when each ran and every request has its answer. */
    List<Step.Window> run(List<Step> steps) throws InterruptedException {
        var windows = new ArrayList<Step.Window>();
        for (var step : steps) {
            current = step;
            out.printf("  %-20s warm-up %d s, then %d s counted%n", step.name(), step.warmup().toSeconds(), step.duration().toSeconds());
            windows.add(step.isOpen() ? open(step) : step.isIdle() ? idle(step) : closed(step));
        }
        // Every answer in: a request times out after seconds, so this ends.
        if (!inFlight.tryAcquire(MAX_IN_FLIGHT, 30, TimeUnit.SECONDS)) {
            out.println("  ! some requests were still unanswered 30 s after the last step");
        } else {
            inFlight.release(MAX_IN_FLIGHT);
        }
        current = null;
        return windows;
    }

    Step current() {
        return current;
    }

    List<String> customers() {
        var customers = new ArrayList<String>();
        for (int i = 0; i < CUSTOMERS; i++) {
            customers.add("bench-" + runId + "-" + i);
        }
        return customers;
    }

    List<Placement> placements() {
        return List.copyOf(placements);
    }

    private Step.Window open(Step step) {
        var start = clock.nanos();
        var warmup = step.warmup().toNanos();
        var count = step.orders();
        for (long i = 0; i < count; i++) {
            var due = start + Math.round(step.due(i) * 1e9);
            sleepUntil(due);
            var placement = newPlacement(step, due - start >= warmup, due);
            offered.increment();
            if (!inFlight.tryAcquire()) {
                // The bound of the driver, not an answer of the system: counted as failed, never waited for.
                placement.error = "driver: " + MAX_IN_FLIGHT + " requests already in flight";
                failed.increment();
                continue;
            }
            Thread.startVirtualThread(() -> {
                try {
                    place(placement);
                } finally {
                    inFlight.release();
                }
            });
        }
        var end = start + warmup + step.duration().toNanos();
        sleepUntil(end);
        return new Step.Window(step, start / 1e9, (start + warmup) / 1e9, end / 1e9);
    }

    private Step.Window idle(Step step) {
        var start = clock.nanos();
        var warmup = step.warmup().toNanos();
        var end = start + warmup + step.duration().toNanos();
        sleepUntil(end);
        return new Step.Window(step, start / 1e9, (start + warmup) / 1e9, end / 1e9);
    }

    private Step.Window closed(Step step) throws InterruptedException {
        var start = clock.nanos();
        var warmup = step.warmup().toNanos();
        var end = start + warmup + step.duration().toNanos();
        var customers = new ArrayList<Thread>();
        for (int c = 0; c < step.clients(); c++) {
            customers.add(Thread.startVirtualThread(() -> {
                while (clock.nanos() < end) {
                    var due = clock.nanos();
                    var placement = newPlacement(step, due - start >= warmup, due);
                    offered.increment();
                    place(placement);
                    if (placement.accepted()) {
                        awaitOutcome(placement.orderId);
                    } else {
                        // A refused customer does not hammer the door: a real client honours Retry-After.
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
                    }
                }
            }));
        }
        for (var customer : customers) {
            customer.join();
        }
        return new Step.Window(step, start / 1e9, (start + warmup) / 1e9, end / 1e9);
    }

    private void place(Placement placement) {
        placement.sentNanos = clock.nanos();
        try {
            var answer = api.place(placement.body());
            placement.answeredNanos = clock.nanos();
            placement.status = answer.status();
            if ((answer.status() == 202 || answer.status() == 201) && answer.location() != null) {
                var location = answer.location();
                placement.orderId = UUID.fromString(location.substring(location.lastIndexOf('/') + 1));
                accepted.increment();
            } else {
                placement.error = "HTTP " + answer.status();
                (answer.status() == 503 || answer.status() == 429 ? refused : failed).increment();
            }
        } catch (IOException | RuntimeException e) {
            placement.answeredNanos = clock.nanos();
            placement.error = e.getClass().getSimpleName() + ": " + e.getMessage();
            failed.increment();
        }
    }

    private void awaitOutcome(UUID orderId) {
        try {
            api.awaitOutcome(orderId, OUTCOME_WAIT_SECONDS);
        } catch (IOException | RuntimeException e) {
            // The outcome is read from the order's own timestamps afterwards; a failed wait only paces the customer.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Placement newPlacement(Step step, boolean counted, long due) {
        var index = sequence.incrementAndGet();
        var random = new SplittableRandom(index * 0x9E3779B97F4A7C15L);
        var items = new LinkedHashMap<String, Integer>();
        var lines = 1 + random.nextInt(3);
        while (items.size() < lines) {
            items.putIfAbsent(SKUS.get(random.nextInt(SKUS.size())), 1 + random.nextInt(2));
        }
        if (random.nextDouble() < SCARCE_SHARE) {
            items.put(SCARCE_SKU, 1);
        }
        var placement = new Placement(index, step, counted, "bench-" + runId + "-" + (index % CUSTOMERS), Map.copyOf(items), due);
        placements.add(placement);
        return placement;
    }

    private void sleepUntil(long due) {
        long remaining;
        while ((remaining = due - clock.nanos()) > 0) {
            LockSupport.parkNanos(remaining);
        }
    }
}
