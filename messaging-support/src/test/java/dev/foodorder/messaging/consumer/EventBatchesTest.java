package dev.foodorder.messaging.consumer;

import dev.foodorder.events.CloudEventHeaders;
import dev.foodorder.events.EventEnvelope;
import dev.foodorder.events.IntegrationEvent;
import dev.foodorder.events.order.OrderEventsMother;
import dev.foodorder.events.order.OrderPlaced;
import dev.foodorder.messaging.kafka.CloudEventRecords;
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

    private static final String TRACE = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    private final EventBatches batches = new EventBatches(new TransactionTemplate(new NoTransactions()), new RemembersNothing(),
            "test");

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
