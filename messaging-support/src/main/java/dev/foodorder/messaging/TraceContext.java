package dev.foodorder.messaging;

/**
 * Gives the W3C {@code traceparent} of the current span, so that the outbox row carries the trace
 * of the request that wrote it and the relay can put it on the Kafka record. A service with
 * tracing declares a bean; without one, records carry no trace.
 */
@FunctionalInterface
public interface TraceContext {

    TraceContext NONE = () -> null;

    String traceparent();
}
