package dev.foodorder.infrastructure;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Ending the child processes a stack starts (Kafka, the services, Zipkin): one way, whichever the process. */
public final class Processes {

    private Processes() {
    }

    /**
     * Asks the process to stop (SIGTERM; on Windows the JDK can only end it at once) and waits up to
     * {@code grace}; a process still running then is killed, and waited for up to {@code afterKill}, so
     * that its ports are free when this returns. An interrupted caller kills it at once and stays interrupted.
     */
    public static void stop(Process process, Duration grace, Duration afterKill) {
        process.destroy();
        if (!waitFor(process, grace)) {
            kill(process, afterKill);
        }
    }

    /** Kills the process at once (SIGKILL), as a crash would, and waits up to {@code timeout} for it to be gone. */
    public static void kill(Process process, Duration timeout) {
        process.destroyForcibly();
        waitFor(process, timeout);
    }

    private static boolean waitFor(Process process, Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
