package dev.foodorder.inventory.messaging;

import dev.foodorder.events.EventEnvelope;
import dev.foodorder.events.MalformedEventException;
import dev.foodorder.events.Topics;
import dev.foodorder.events.order.OrderCancelled;
import dev.foodorder.events.order.OrderConfirmed;
import dev.foodorder.events.order.OrderEvent;
import dev.foodorder.events.order.OrderPlaced;
import dev.foodorder.events.order.OrderRejected;
import dev.foodorder.inventory.reservation.ReservationOutcome;
import dev.foodorder.inventory.reservation.StockReservations;
import dev.foodorder.messaging.consumer.EventBatches;
import dev.foodorder.messaging.consumer.IdempotentConsumer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Reads the order lifecycle from {@code orders} and hands each event the inventory acts on to
 * {@link StockReservations}, once: the event's id is remembered in the same transaction as the
 * stock change, so a redelivered event changes nothing. A poll's events share one transaction,
 * which first locks the stock rows they need in sku order ({@link EventBatches}). A failure rolls
 * the change back and the shared error handler retries the record, then parks it in {@code orders.DLT}.
 */
@Component
class OrderEventsListener {

    /** The listener's id, for tests and operations; the consumer group is {@code spring.kafka.consumer.group-id}. */
    static final String ID = "inventory-orders";

    private final StockReservations reservations;
    private final IdempotentConsumer idempotentConsumer;
    private final EventBatches batches;
    private final EntityManager entityManager;
    private final TransactionTemplate transactions;
    private final String consumerName;
    private final MeterRegistry meters;
    private final Map<ReservationOutcome, Counter> outcomes = new EnumMap<>(ReservationOutcome.class);

    OrderEventsListener(StockReservations reservations, IdempotentConsumer idempotentConsumer, EventBatches batches,
                        EntityManager entityManager, PlatformTransactionManager transactionManager, MeterRegistry meters,
                        @Value("${spring.application.name}") String consumerName) {
        this.reservations = reservations;
        this.idempotentConsumer = idempotentConsumer;
        this.batches = batches;
        this.entityManager = entityManager;
        this.transactions = new TransactionTemplate(transactionManager);
        this.consumerName = consumerName;
        this.meters = meters;
        // Registered up front, so every outcome is a series from the start and rate() works at once.
        Arrays.stream(ReservationOutcome.values()).forEach(outcome -> outcomes.put(outcome,
                Counter.builder("inventory.reservations").tag("outcome", outcome.tag())
                        .description("Order events handled by the inventory, by what they did to stock")
                        .register(meters)));
    }

    @KafkaListener(id = ID, idIsGroup = false, topics = Topics.ORDERS, batch = "true",
            concurrency = "${inventory.listener.concurrency:3}")
    void on(List<ConsumerRecord<String, EventEnvelope>> records) {
        batches.handle(records, this::lockStock, this::handle);
    }

    private void lockStock(List<EventEnvelope> envelopes) {
        reservations.lockStockFor(envelopes.stream().map(EventEnvelope::data)
                .filter(OrderEvent.class::isInstance).map(OrderEvent.class::cast).toList());
    }

    private void handle(EventEnvelope envelope) {
        try {
            reserveOrRelease(envelope);
        } finally {
            // A batch shares one persistence context: without this, every query of the next event
            // would first dirty-check every entity the batch has loaded so far.
            entityManager.flush();
            entityManager.clear();
        }
    }

    private void reserveOrRelease(EventEnvelope envelope) {
        if (!(envelope.data() instanceof OrderEvent event)) {
            throw new MalformedEventException("Topic " + Topics.ORDERS + " carries order events only, not " + envelope.type().type());
        }
        var outcome = switch (event) {
            case OrderPlaced placed -> once(envelope, () -> reservations.reserve(placed));
            case OrderCancelled cancelled -> once(envelope, () -> reservations.release(cancelled));
            // Once the inventory has answered, how the order ends is no longer its business:
            // a rejected order never held stock, a confirmed one keeps what it holds.
            case OrderConfirmed confirmed -> null;
            case OrderRejected rejected -> null;
        };
        if (outcome != null) {
            outcomes.get(outcome).increment();
        }
    }

    /** Runs the change, and the record that this event caused it, in the batch's transaction; times both. */
    private ReservationOutcome once(EventEnvelope envelope, Supplier<ReservationOutcome> change) {
        var sample = Timer.start(meters);
        try {
            return transactions.execute(status -> idempotentConsumer.remember(consumerName, envelope)
                    ? change.get() : ReservationOutcome.DUPLICATE);
        } finally {
            sample.stop(Timer.builder("inventory.event.processing")
                    .description("Time to handle one order event, within its batch's transaction")
                    .tag("type", envelope.type().type())
                    .publishPercentileHistogram()
                    .register(meters));
        }
    }
}
