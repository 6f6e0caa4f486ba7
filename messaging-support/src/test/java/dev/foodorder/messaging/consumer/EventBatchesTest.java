package dev.foodorder.messaging.consumer;

import dev.foodorder.events.CloudEventHeaders;
import dev.foodorder.events.EventEnvelope;
import dev.foodorder.events.IntegrationEvent;
import dev.foodorder.events.order.OrderEventsMother;
import dev.foodorder.events.order.OrderPlaced;
import dev.foodorder.messaging.MessagingSpans;
import dev.foodorder.messaging.RecordedSpans;
import dev.foodorder.messaging.kafka.CloudEventRecords;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A poll of records as the handler receives it, without a database: every event is new here. */
class EventBatchesTest {

    private static final String TRACE = RecordedSpans.SAMPLED;

    private final EventBatches batches = new EventBatches(new TransactionTemplate(new NoTransactions()), new RemembersNothing(),
            "test", MessagingSpans.NONE);

    @Test
    void eachEventComesWithTheTraceContextItsRecordCarried() {
        var traced = record(OrderEventsMother.anOrder().placed(), TRACE);
        var untraced = record(OrderEventsMother.anOrder().placed(), null);
        var received = new ArrayList<EventBatches.Received>();

        batches.handle(List.of(traced, untraced), EventBatches.only(OrderPlaced.class), received::addAll);

        assertThat(received).extracting(EventBatches.Received::traceparent).containsExactly(TRACE, null);
        assertThat(received).extracting(EventBatches.Received::envelope).containsExactly(traced.value(), untraced.value());
    }

    @Test
    void anEventOfASampledTraceIsHandledInASpanOfThatTraceWhoseContextTheHandlerCarriesOn() {
        var recorded = new RecordedSpans();
        var tracing = new EventBatches(new TransactionTemplate(new NoTransactions()), new RemembersNothing(), "test",
                recorded.spans());
        var sampled = record(OrderEventsMother.anOrder().placed(), RecordedSpans.SAMPLED);
        var notSampled = record(OrderEventsMother.anOrder().placed(), RecordedSpans.NOT_SAMPLED);
        var received = new ArrayList<EventBatches.Received>();

        tracing.handle(List.of(sampled, notSampled), EventBatches.only(OrderPlaced.class), received::addAll);

        assertThat(recorded.finished()).singleElement().satisfies(span -> {
            assertThat(span.getTraceId()).isEqualTo(RecordedSpans.TRACE_ID);
            assertThat(span.getParentSpanId()).isEqualTo(RecordedSpans.PARENT_ID);
            assertThat(span.getKind()).isEqualTo(SpanKind.CONSUMER);
            assertThat(span.getName()).isEqualTo("process OrderPlaced");
            assertThat(span.getAttributes().get(AttributeKey.stringKey("messaging.destination.name"))).isEqualTo("orders");
            assertThat(span.getAttributes().get(AttributeKey.longKey("messaging.batch.message_count"))).isEqualTo(2L);
            // What the handler writes to its outbox continues the trace from this span.
            assertThat(received).extracting(EventBatches.Received::traceparent)
                    .containsExactly("00-" + RecordedSpans.TRACE_ID + "-" + span.getSpanId() + "-01", RecordedSpans.NOT_SAMPLED);
        });
    }

    @Test
    void eventsOfOtherTypesAreSkipped() {
        var order = OrderEventsMother.anOrder();
        var received = new ArrayList<EventBatches.Received>();

        batches.handle(List.of(record(order.placed(), null), record(order.cancelled(), null)),
                EventBatches.only(OrderPlaced.class), received::addAll);

        assertThat(received).extracting(EventBatches.Received::event).containsExactly(order.placed());
    }

    private static ConsumerRecord<String, EventEnvelope> record(IntegrationEvent event, String traceparent) {
        var envelope = EventEnvelope.of("/test", event);
        var headers = new RecordHeaders();
        if (traceparent != null) {
            headers.add(CloudEventHeaders.TRACEPARENT, traceparent.getBytes(StandardCharsets.UTF_8));
        }
        CloudEventRecords.addHeaders(headers, envelope.headers());
        return new ConsumerRecord<>(envelope.topic(), 0, 0, 0, TimestampType.CREATE_TIME, 0, 0, envelope.key(), envelope,
                headers, Optional.empty());
    }

    private static final class RemembersNothing extends IdempotentConsumer {

        RemembersNothing() {
            super(null);
        }

        @Override
        public Set<UUID> rememberAll(String consumer, List<UUID> eventIds) {
            return new HashSet<>(eventIds);
        }
    }

    private static final class NoTransactions extends AbstractPlatformTransactionManager {

        @Override
        protected Object doGetTransaction() {
            return new Object();
        }

        @Override
        protected void doBegin(Object transaction, TransactionDefinition definition) {
        }

        @Override
        protected void doCommit(DefaultTransactionStatus status) {
        }

        @Override
        protected void doRollback(DefaultTransactionStatus status) {
        }
    }
}
