package dev.foodorder.messaging.consumer;

import dev.foodorder.events.EventEnvelope;
import dev.foodorder.events.MalformedEventException;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.KafkaUtils;
import org.springframework.kafka.support.micrometer.KafkaRecordReceiverContext;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;
import java.util.function.Consumer;

/**
 * Handles all the records of one poll in one transaction, so that a backlog costs one commit per
 * poll instead of one per event. The handler of each event is the same code that handles a single
 * event: its own transaction, and the {@link IdempotentConsumer#remember} that de-duplicates it,
 * join the batch's, so an event delivered twice in one batch is still handled once.
 *
 * <p>If the batch fails, nothing of it was committed; its records are then handled again one
 * transaction each, so that only the record that fails by itself is retried and, in the end,
 * dead-lettered by the shared error handler: it is named to Spring Kafka with a
 * {@link BatchListenerFailedException}, which commits the offsets of the records before it.
 * A record that could not be deserialized is named the same way, and goes to the dead-letter
 * topic at once. See docs/adr/0011-batch-listeners.md.
 */
public class EventBatches {

    private static final Logger log = LoggerFactory.getLogger(EventBatches.class);
    private static final LogAccessor logAccessor = new LogAccessor(EventBatches.class);

    private final TransactionTemplate transactions;
    private final ObservationRegistry observations;
    private final String listener;

    public EventBatches(TransactionTemplate transactions, ObservationRegistry observations, String listener) {
        this.transactions = transactions;
        this.observations = observations;
        this.listener = listener;
    }

    /** Handles each event of the batch, in the order of the records, in one transaction. */
    public void handle(List<ConsumerRecord<String, EventEnvelope>> records, Consumer<EventEnvelope> handler) {
        handle(records, events -> { }, handler);
    }

    /**
     * @param prepare runs first in the batch's transaction with all its events: to take, in one
     *                consistent order, the locks the handlers will need, say
     */
    public void handle(List<ConsumerRecord<String, EventEnvelope>> records, Consumer<List<EventEnvelope>> prepare,
                       Consumer<EventEnvelope> handler) {
        var readable = firstUnreadable(records);
        var batch = records.subList(0, readable);
        if (!batch.isEmpty()) {
            try {
                transactions.executeWithoutResult(status -> {
                    prepare.accept(batch.stream().map(ConsumerRecord::value).toList());
                    batch.forEach(record -> observe(record, handler));
                });
            } catch (RuntimeException e) {
                log.debug("A batch of {} records failed ({}); handling them one by one", batch.size(), e.toString());
                oneByOne(batch, handler);
            }
        }
        if (readable < records.size()) {
            throw new BatchListenerFailedException("The record could not be read as an event", unreadable(records.get(readable)), readable);
        }
    }

    private void oneByOne(List<ConsumerRecord<String, EventEnvelope>> records, Consumer<EventEnvelope> handler) {
        for (int i = 0; i < records.size(); i++) {
            var record = records.get(i);
            try {
                transactions.executeWithoutResult(status -> observe(record, handler));
            } catch (RuntimeException e) {
                throw new BatchListenerFailedException("Handling %s-%d@%d failed".formatted(record.topic(), record.partition(),
                        record.offset()), e, i);
            }
        }
    }

    /** Continues the trace whose traceparent the producer's outbox put on the record, so logs carry its id. */
    private void observe(ConsumerRecord<String, EventEnvelope> record, Consumer<EventEnvelope> handler) {
        Observation.createNotStarted("spring.kafka.listener", () -> new KafkaRecordReceiverContext(record, listener, () -> null),
                        observations)
                .contextualName(record.topic() + " receive")
                .observe(() -> handler.accept(record.value()));
    }

    /** The error handling deserializer leaves no value, and the reason in a header, when a record is not an event. */
    private static int firstUnreadable(List<ConsumerRecord<String, EventEnvelope>> records) {
        for (int i = 0; i < records.size(); i++) {
            if (records.get(i).value() == null) {
                return i;
            }
        }
        return records.size();
    }

    private static Exception unreadable(ConsumerRecord<String, EventEnvelope> record) {
        var failure = SerializationUtils.getExceptionFromHeader(record, KafkaUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, logAccessor);
        return failure != null ? failure : new MalformedEventException("The record has no value");
    }
}
