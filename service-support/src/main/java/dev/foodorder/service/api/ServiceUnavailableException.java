package dev.foodorder.service.api;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import java.time.Duration;

/**
 * The service cannot take this request now, though it is up and ready (a live stream with as many
 * subscribers as it serves, say): 503 with {@code Retry-After}, written as problem+json by the shared
 * error handling like every other error. Readiness is not affected: the next request may well pass.
 */
public class ServiceUnavailableException extends ErrorResponseException {

    public ServiceUnavailableException(String detail, Duration retryAfter) {
        super(HttpStatus.SERVICE_UNAVAILABLE, problem(detail), null);
        getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
    }

    private static ProblemDetail problem(String detail) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, detail);
        problem.setTitle("Service unavailable");
        return problem;
    }
}
