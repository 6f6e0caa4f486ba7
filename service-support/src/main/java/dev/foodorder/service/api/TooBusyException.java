package dev.foodorder.service.api;

import java.time.Duration;

/**
 * Thrown when the service will not take more work now, though nothing is wrong: {@link ApiProblems}
 * answers 503 with {@code Retry-After}, and the client is expected to come back.
 */
public class TooBusyException extends RuntimeException {

    private final Duration retryAfter;

    public TooBusyException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    /** At least a second: Retry-After counts whole seconds. */
    public long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}
