package dev.foodorder.analytics.streams;

/**
 * The stores cannot be read now: Kafka Streams is starting, rebalancing, restoring or stopped. It passes,
 * so the API answers 503 with Retry-After ({@link StreamsProblems}), not 500.
 */
public class StreamsUnavailableException extends RuntimeException {

    public StreamsUnavailableException(String message) {
        super(message);
    }

    public StreamsUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
