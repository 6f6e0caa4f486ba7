package dev.foodorder.messaging;

import java.time.Duration;

/**
 * How a background worker that works off rows in the database (the outbox relay, the notification
 * dispatcher) learns that there is new work: a committed transaction wakes it at once, and
 * otherwise it looks again when its poll interval runs out, for rows that nobody announced
 * (another instance's, a retry's). A wake-up given while the worker is busy is kept for its next wait.
 */
public final class WakeUpSignal {

    private boolean woken;

    /** Cheap; call it freely, from any thread. */
    public synchronized void wakeUp() {
        woken = true;
        notifyAll();
    }

    /**
     * Waits until woken or until the timeout runs out, and takes the wake-up.
     *
     * @return whether a wake-up came, rather than the timeout; an interrupted wait keeps the
     *         thread's interrupt status and answers for what came before it
     */
    public synchronized boolean await(Duration timeout) {
        if (!woken) {
            try {
                wait(timeout.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        var cameBefore = woken;
        woken = false;
        return cameBefore;
    }
}
