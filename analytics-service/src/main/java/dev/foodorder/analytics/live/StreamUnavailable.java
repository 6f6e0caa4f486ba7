package dev.foodorder.analytics.live;

import dev.foodorder.service.api.ServiceUnavailableException;

import java.time.Duration;

/** The live stream cannot take another page now: 503 with Retry-After. */
final class StreamUnavailable extends ServiceUnavailableException {

    private static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private StreamUnavailable(String detail) {
        super(detail, RETRY_AFTER);
    }

    static StreamUnavailable full(int limit) {
        return new StreamUnavailable("%d pages are watching already, as many as this service serves; retry after %d s."
                .formatted(limit, RETRY_AFTER.toSeconds()));
    }

    static StreamUnavailable shuttingDown() {
        return new StreamUnavailable("The service is shutting down; retry after %d s.".formatted(RETRY_AFTER.toSeconds()));
    }
}
