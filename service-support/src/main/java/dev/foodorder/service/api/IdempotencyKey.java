package dev.foodorder.service.api;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * The {@code Idempotency-Key} request header, which makes a retried POST safe: the same key with the
 * same request answers what the first request did and changes nothing more; the same key with another
 * request is refused (422). A response that repeats an earlier one says so with {@link #REPLAYED}.
 */
public final class IdempotencyKey {

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED = "Idempotent-Replayed";
    public static final int MAX_LENGTH = 255;

    private IdempotencyKey() {
    }

    /**
     * The header's value as sent, or null without one.
     *
     * @throws ResponseStatusException 400 for a blank key or one longer than {@value #MAX_LENGTH} characters
     */
    public static String checked(String header) {
        if (header != null && (header.isBlank() || header.length() > MAX_LENGTH)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, HEADER + " must be 1 to " + MAX_LENGTH + " characters.");
        }
        return header;
    }
}
