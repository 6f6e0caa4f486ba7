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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.support.KafkaUtils;
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

    private final List<ConsumerRecord<?, ?>> parked = new ArrayList<>();
    private final List<Exception> parkedFor = new ArrayList<>();
    private final EventBatches batches = new EventBatches(new TransactionTemplate(new NoTransactions()), new RemembersNothing(),
            "test", MessagingSpans.NONE, (record, exception) -> {
                parked.add(record);
                parkedFor.add(exception);
            });

    @AfterEach
    void forgetTheGroup() {
        KafkaUtils.clearConsumerGroupId();
    }

    @Test
    void eachEventComesWithTheTraceContextItsRecordCarried() {
        var traced = record(OrderEventsMother.anOrder().placed(), TRACE);
        var untraced = record(OrderEventsMother.anOrder().placed(), null);
        var received = new ArrayList<EventBatches.Received>();

        batches.handle(List.of(traced, untraced), EventBatches.only(OrderPlaced.class), received::addAll);

        assertThat(received).extracting(EventBatches.Received::traceparent).containsExactly(TRACE, null);
        assertThat(received).extracting(EventBatches.Received::envelope).containsExactly(envelope(traced), envelope(untraced));
    }

    @Test
    void anEventOfASampledTraceIsHandledInASpanOfThatTraceWhoseContextTheHandlerCarriesOn() {
        var recorded = new RecordedSpans();
        var tracing = new EventBatches(new TransactionTemplate(new NoTransactions()), new RemembersNothing(), "test",
                recorded.spans(), (record, exception) -> parked.add(record));
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

    @Test
    void anEventOfAnUnwantedTypeIsSkippedWithoutParsingItsValue() {
        var order = OrderEventsMother.anOrder();
        var unparsable = withValue(record(order.cancelled(), null), "{");
        var received = new ArrayList<EventBatches.Received>();

        batches.handle(List.of(unparsable, record(order.placed(), null)), EventBatches.only(OrderPlaced.class), received::addAll);

        assertThat(received).extracting(EventBatches.Received::event).containsExactly(order.placed());
    }

    @Test
    void aWantedEventThatDoesNotParseIsParkedForItsConsumerGroupAndTheRestOfThePollHandled() {
        KafkaUtils.setConsumerGroupId("test-group");
        var before = OrderEventsMother.anOrder().placed();
        var broken = withValue(record(OrderEventsMother.anOrder().placed(), null), "{");
        var after = OrderEventsMother.anOrder().placed();
        var received = new ArrayList<EventBatches.Received>();

        batches.handle(List.of(record(before, null), broken, record(after, null)), EventBatches.only(OrderPlaced.class),
                received::addAll);

        assertThat(received).extracting(EventBatches.Received::event).containsExactly(before, after);
        assertThat(parked).containsExactly(broken);
        // The group is what the dead-letter copy's kafka_dlt-original-consumer-group header is written from.
        assertThat(parkedFor).singleElement().isInstanceOfSatisfying(ListenerExecutionFailedException.class,
                failure -> assertThat(failure.getGroupId()).isEqualTo("test-group"));
    }

    @Test
    void aRecordWithoutTheContractsHeadersIsParkedWhateverTheHandlerWants() {
        var headless = new ConsumerRecord<>("orders", 0, 0, "key", "{}".getBytes(StandardCharsets.UTF_8));

        batches.handle(List.of(headless), EventBatches.only(OrderPlaced.class), events -> { });

        assertThat(parked).containsExactly(headless);
    }

    @Test
    void anEventOfAnUnwantedTypeIsNeitherParsedNorParked() {
        var unparsable = withValue(record(OrderEventsMother.anOrder().cancelled(), null), "{");

        batches.handle(List.of(unparsable), EventBatches.only(OrderPlaced.class), events -> { });

        assertThat(parked).isEmpty();
    }

    private static ConsumerRecord<String, byte[]> record(IntegrationEvent event, String traceparent) {
        var produced = CloudEventRecords.toRecord(EventEnvelope.of("/test", event));
        var headers = new RecordHeaders();
        if (traceparent != null) {
            headers.add(CloudEventHeaders.TRACEPARENT, traceparent.getBytes(StandardCharsets.UTF_8));
        }
        produced.headers().forEach(headers::add);
        return new ConsumerRecord<>(produced.topic(), 0, 0, 0, TimestampType.CREATE_TIME, 0, 0, produced.key(), produced.value(),
                headers, Optional.empty());
    }

    private static ConsumerRecord<String, byte[]> withValue(ConsumerRecord<String, byte[]> record, String value) {
        return new ConsumerRecord<>(record.topic(), 0, 0, 0, TimestampType.CREATE_TIME, 0, 0, record.key(),
                value.getBytes(StandardCharsets.UTF_8), record.headers(), Optional.empty());
    }

    private static EventEnvelope envelope(ConsumerRecord<String, byte[]> record) {
        return CloudEventRecords.read(record.topic(), record.headers(), record.value());
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
