package dev.foodorder.analytics.streams;

import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * While the stores cannot be read (Kafka Streams starting, rebalancing or restoring them) the views answer
 * 503 with Retry-After, as problem details: it passes in seconds, and a client should simply come back.
 * Ordered before the shared {@code ApiProblems}, whose catch-all would make it a 500.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class StreamsProblems {

    static final long RETRY_AFTER_SECONDS = 2;

    /** Also a store that goes away while it is read: its partition moved in a rebalance. */
    @ExceptionHandler({StreamsUnavailableException.class, InvalidStateStoreException.class})
    ResponseEntity<ProblemDetail> unavailable(RuntimeException e) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "%s; retry after %d s.".formatted(e.getMessage(), RETRY_AFTER_SECONDS));
        problem.setTitle("Service unavailable");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER_SECONDS))
                .body(problem);
    }
}
