package dev.foodorder.analytics.live;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The live stream cannot take another page now: 503 with Retry-After, written as problem+json by the
 * service's shared error handling like every other error.
 */
final class StreamUnavailable extends ErrorResponseException {

    private static final long RETRY_AFTER_SECONDS = 5;

    private StreamUnavailable(String detail) {
        super(HttpStatus.SERVICE_UNAVAILABLE, problem(detail), null);
        getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER_SECONDS));
    }

    static StreamUnavailable full(int limit) {
        return new StreamUnavailable("%d pages are watching already, as many as this service serves; retry after %d s."
                .formatted(limit, RETRY_AFTER_SECONDS));
    }

    static StreamUnavailable shuttingDown() {
        return new StreamUnavailable("The service is shutting down; retry after %d s.".formatted(RETRY_AFTER_SECONDS));
    }

    private static ProblemDetail problem(String detail) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, detail);
        problem.setTitle("Service unavailable");
        return problem;
    }
}
