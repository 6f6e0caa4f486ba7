package dev.foodorder.messaging.consumer;

import dev.foodorder.events.CloudEventAttributes;
import dev.foodorder.events.EventEnvelope;
import dev.foodorder.events.IntegrationEvent;
import dev.foodorder.events.MalformedEventException;
import dev.foodorder.events.Topics;
import dev.foodorder.messaging.MessagingSpans;
import dev.foodorder.messaging.kafka.CloudEventRecords;
import io.micrometer.tracing.Span;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.support.KafkaUtils;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The one way a service consumes events: a whole poll at a time, in one transaction, each event
 * once. For a poll it
 * <ol>
 *     <li>keeps the events of the types the handler wants, before any transaction: it reads
 *     each record's headers, and parses the value only of a wanted type; the others cost nothing
 *     but their offset;</li>
 *     <li>remembers all their ids in {@code processed_event} with one statement, which answers
 *     with those not seen before ({@link IdempotentConsumer#rememberAll});</li>
 *     <li>gives those, in record order, to the handler, in the same transaction: the handler
 *     works on the whole batch with set-based SQL, and its effects commit with the ids or not at all.</li>
 * </ol>
 *
 * <p>If the batch fails, nothing of it was committed; its events are then handled again one
 * transaction each, so that only the record that fails by itself is retried and, in the end,
 * dead-lettered by the shared error handler: it is named to Spring Kafka with a
 * {@link BatchListenerFailedException}, which commits the offsets of the records before it.
 * A record that breaks the contract (its headers, or the value of a wanted type) cannot get better
 * by a retry: it is parked in the dead-letter topic at once, here, and the rest of the poll is
 * handled as if it were not there. Handing it to the error handler instead would make Spring Kafka
 * seek and commit offsets itself, beside the container's timed commits; one of those could then
 * commit an older offset after a newer one (scenario 7 caught it). See docs/adr/0011-batch-listeners.md and 0015-set-based-consumers.md.
 *
 * <p>An event of a sampled trace is handled in a span of its own, a child of the traceparent its
 * record carried, from before the batch's transaction to after it; the handler gets that span's
 * context to carry on ({@link MessagingSpans}). Events of other traces get their record's as it is.
 */
public class EventBatches {

    /**
     * Appended to a topic among a listener's topics, the topic its dead letters are replayed to for this
     * service's consumer group ({@link Topics#replay}): {@code topics = {Topics.ORDERS, Topics.ORDERS +
     * EventBatches.REPLAYS}} consumes {@code orders} and {@code orders.<group>.replay}. The support creates
     * the replay topics its listeners name where the service creates topics at all.
     */
    public static final String REPLAYS = ".${spring.kafka.consumer.group-id}" + Topics.REPLAY_SUFFIX;

    private static final Logger log = LoggerFactory.getLogger(EventBatches.class);

    private final TransactionTemplate transactions;
    private final IdempotentConsumer idempotentConsumer;
    private final String consumer;
    private final MessagingSpans spans;
    private final ConsumerRecordRecoverer parking;

    /**
     * @param consumer the name this service's events are remembered under in {@code processed_event}
     * @param parking  where a record that breaks the contract goes: {@link DeadLetterTopics#parking}
     */
    public EventBatches(TransactionTemplate transactions, IdempotentConsumer idempotentConsumer, String consumer,
                        MessagingSpans spans, ConsumerRecordRecoverer parking) {
        this.transactions = transactions;
        this.idempotentConsumer = idempotentConsumer;
        this.consumer = consumer;
        this.spans = spans;
        this.parking = parking;
    }

    /**
     * An event as it arrived, with the trace context to carry on: its record's, or that of the span
     * handling it where the trace is sampled. Events the handler writes in turn carry it on
     * ({@code Outbox.appendEntries}), so one trace follows an order across services.
     */
    public record Received(EventEnvelope envelope, String traceparent) {

        public IntegrationEvent event() {
            return envelope.data();
        }
    }

    /**
     * Handles, in one transaction, the events of the poll whose type is one of {@code wanted} and
     * that this service has not handled before.
     *
     * @param wanted  the event types the handler acts on; the others are skipped
     * @param handler gets the new events in the order of their records; never an empty list
     */
    public void handle(List<ConsumerRecord<String, byte[]>> records, Set<Class<? extends IntegrationEvent>> wanted,
                       Consumer<List<Received>> handler) {
        var batch = new ArrayList<Indexed>();
        for (int i = 0; i < records.size(); i++) {
            var record = records.get(i);
            try {
                var envelope = CloudEventRecords.read(record.topic(), record.headers(), record.value(), wanted);
                if (envelope.isPresent()) {
                    batch.add(indexed(i, record, envelope.get()));
                }
            } catch (MalformedEventException e) {
                // Wrapped as the container wraps a listener's failure, so that the dead-letter copy names the group.
                parking.accept(record, new ListenerExecutionFailedException("The record could not be read as an event",
                        KafkaUtils.getConsumerGroupId(), e));
            }
        }
        handleInOneTransaction(records, batch, handler);
    }

    /** The wanted event types, for {@link #handle}. */
    @SafeVarargs
    @SuppressWarnings("varargs") // the array is only read, into an immutable set
    public static Set<Class<? extends IntegrationEvent>> only(Class<? extends IntegrationEvent>... types) {
        return Set.of(types);
    }

    private void handleInOneTransaction(List<ConsumerRecord<String, byte[]>> records, List<Indexed> batch,
                                        Consumer<List<Received>> handler) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            transactions.executeWithoutResult(status -> handleNew(batch, handler));
        } catch (RuntimeException e) {
            log.debug("A batch of {} events failed ({}); handling them one by one", batch.size(), e.toString());
            oneByOne(records, batch, handler);
        } finally {
            batch.forEach(indexed -> indexed.end(batch.size()));
        }
    }

    private void handleNew(List<Indexed> batch, Consumer<List<Received>> handler) {
        var fresh = idempotentConsumer.rememberAll(consumer, batch.stream().map(indexed -> indexed.received().envelope().id()).toList());
        var events = new ArrayList<Received>(fresh.size());
        for (var indexed : batch) {
            // remove: a second copy of an event within the same poll is a duplicate too
            if (fresh.remove(indexed.received().envelope().id())) {
                events.add(indexed.received());
            }
        }
        if (events.size() < batch.size()) {
            log.debug("{} of {} events were handled before", batch.size() - events.size(), batch.size());
        }
        if (!events.isEmpty()) {
            handler.accept(events);
        }
    }

    private void oneByOne(List<ConsumerRecord<String, byte[]>> records, List<Indexed> batch, Consumer<List<Received>> handler) {
        for (var indexed : batch) {
            try {
                transactions.executeWithoutResult(status -> handleNew(List.of(indexed), handler));
            } catch (RuntimeException e) {
                if (indexed.span() != null) {
                    indexed.span().error(e);
                }
                var record = records.get(indexed.index());
                throw new BatchListenerFailedException("Handling %s-%d@%d failed".formatted(record.topic(), record.partition(),
                        record.offset()), e, indexed.index());
            }
        }
    }

    private Indexed indexed(int index, ConsumerRecord<String, byte[]> record, EventEnvelope envelope) {
        var traceparent = CloudEventAttributes.traceparent(CloudEventRecords.lookup(record.headers()));
        var span = spans.start(Span.Kind.CONSUMER, traceparent, record.topic(), record.key(), envelope.id(), envelope.type().type());
        return new Indexed(index, new Received(envelope, MessagingSpans.carriedOn(span, traceparent)), span);
    }

    /**
     * An event and the index of its record in the poll, which is what Spring Kafka needs to hear of a
     * failure; with the span handling it, if its trace is sampled.
     */
    private record Indexed(int index, Received received, Span span) {

        void end(int batchSize) {
            if (span != null) {
                span.tag("messaging.batch.message_count", batchSize);
                span.end();
            }
        }
    }
}
