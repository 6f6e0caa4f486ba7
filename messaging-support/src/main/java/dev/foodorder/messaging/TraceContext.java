package dev.foodorder.messaging;

/**
 * Gives the W3C {@code traceparent} of the current span, so that the outbox row carries the trace
 * of the request that wrote it and the relay can put it on the Kafka record. The default reads
 * Micrometer's current span (none: no traceparent); a service may declare its own bean.
 */
@FunctionalInterface
public interface TraceContext {

    String traceparent();
}
