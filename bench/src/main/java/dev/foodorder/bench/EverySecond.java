package dev.foodorder.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A thread of its own that runs a task once a second on the run's clock until closed: the sampler's and the
 * statement statistics' readings. The seconds are counted from the start, so a slow task shortens the next wait
 * rather than shifting every later reading.
 */
final class EverySecond implements AutoCloseable {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final RunClock clock;
    private final Runnable task;
    private final Thread thread;
    private volatile boolean running = true;

    EverySecond(String name, RunClock clock, Runnable task) {
        this.clock = clock;
        this.task = task;
        this.thread = Thread.ofPlatform().name(name).daemon().start(this::run);
    }

    private void run() {
        var next = clock.nanos();
        while (running) {
            next += SECOND;
            long remaining;
            while (running && (remaining = next - clock.nanos()) > 0) {
                LockSupport.parkNanos(remaining);
            }
            if (running) {
                task.run();
            }
        }
    }

    /** Stops the thread, letting a task under way finish (for up to 5 s). */
    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
