package dev.foodorder.messaging;

import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@link MessagingSpans} on a real OpenTelemetry tracer whose finished spans stay in memory; it
 * samples as the services' does for a trace that arrives sampled (parent-based).
 */
public final class RecordedSpans {

    /** A sampled trace as an outbox row or a record carries it: trace id {@link #TRACE_ID}, parent span {@link #PARENT_ID}. */
    public static final String SAMPLED = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    /** The same trace, not sampled: it passes on as it is, with no span. */
    public static final String NOT_SAMPLED = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00";
    public static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    public static final String PARENT_ID = "00f067aa0ba902b7";

    private final List<SpanData> finished = new CopyOnWriteArrayList<>();
    private final MessagingSpans spans;

    public RecordedSpans() {
        var tracer = SdkTracerProvider.builder().addSpanProcessor(new Recorder()).build().get("test");
        var propagator = new OtelPropagator(ContextPropagators.create(W3CTraceContextPropagator.getInstance()), tracer);
        this.spans = new MessagingSpans(() -> propagator);
    }

    public MessagingSpans spans() {
        return spans;
    }

    public List<SpanData> finished() {
        return List.copyOf(finished);
    }

    private final class Recorder implements SpanProcessor {

        @Override
        public void onStart(Context parentContext, ReadWriteSpan span) {
        }

        @Override
        public boolean isStartRequired() {
            return false;
        }

        @Override
        public void onEnd(ReadableSpan span) {
            finished.add(span.toSpanData());
        }

        @Override
        public boolean isEndRequired() {
            return true;
        }
    }
}
