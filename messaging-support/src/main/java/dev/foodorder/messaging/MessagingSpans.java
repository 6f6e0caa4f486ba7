package dev.foodorder.messaging;

import dev.foodorder.events.EventType;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.propagation.Propagator;

import java.util.UUID;
import java.util.function.Supplier;

/**
 * The spans of an event's way between services, so that a sampled trace shows it: the relay's
 * sending of the event (a producer span) and a consumer's handling of it (a consumer span), each a
 * child of the W3C {@code traceparent} the event carries, whose own context the event carries on.
 *
 * <p>Only where the event's trace is sampled: for the others the traceparent passes on unchanged
 * (their logs still share its trace id), at the cost of reading its last character. No
 * observation, nothing per record of an unsampled trace.
 */
public final class MessagingSpans {

    /** No spans: every traceparent passes on as it is. */
    public static final MessagingSpans NONE = new MessagingSpans(() -> null);

    private static final String TRACEPARENT = "traceparent";
    /** {@code 00-<32 hex trace id>-<16 hex parent id>-<2 hex flags>} */
    private static final int TRACEPARENT_LENGTH = 55;

    private final Supplier<Propagator> propagator;

    /** @param propagator the W3C propagation of the tracer; null (no tracer) makes no spans */
    public MessagingSpans(Supplier<Propagator> propagator) {
        this.propagator = propagator;
    }

    /**
     * Starts a span of sending ({@link Span.Kind#PRODUCER}) or handling ({@link Span.Kind#CONSUMER})
     * an event, named after the event ("send OrderPlaced", "process OrderPlaced").
     *
     * @return the span, or null where the trace is not sampled or there is no trace or no tracer
     */
    public Span start(Span.Kind kind, String traceparent, String topic, String key, UUID eventId, String eventType) {
        if (!sampled(traceparent)) {
            return null;
        }
        var propagation = propagator.get();
        if (propagation == null) {
            return null;
        }
        var operation = kind == Span.Kind.PRODUCER ? "send" : "process";
        return propagation.extract(traceparent, (carrier, field) -> TRACEPARENT.equals(field) ? carrier : null)
                .kind(kind)
                .name(operation + " " + EventType.fromType(eventType).map(type -> type.javaType().getSimpleName()).orElse(eventType))
                .tag("messaging.system", "kafka")
                .tag("messaging.operation.type", operation)
                .tag("messaging.destination.name", topic)
                .tag("messaging.kafka.message.key", key)
                .tag("messaging.message.id", eventId.toString())
                .tag("cloudevents.event_type", eventType)
                .start();
    }

    /** What an event carries on after {@code span}: its traceparent, or the one it came with where there is no span. */
    public static String carriedOn(Span span, String traceparent) {
        return span == null ? traceparent : traceparent(span.context());
    }

    /** A trace context as a W3C {@code traceparent}. */
    public static String traceparent(TraceContext context) {
        return "00-" + context.traceId() + "-" + context.spanId() + (Boolean.TRUE.equals(context.sampled()) ? "-01" : "-00");
    }

    /** Whether a W3C {@code traceparent} says its trace is sampled (the lowest bit of its flags). */
    static boolean sampled(String traceparent) {
        return traceparent != null && traceparent.length() == TRACEPARENT_LENGTH
                && (Character.digit(traceparent.charAt(TRACEPARENT_LENGTH - 1), 16) & 1) == 1;
    }
}
