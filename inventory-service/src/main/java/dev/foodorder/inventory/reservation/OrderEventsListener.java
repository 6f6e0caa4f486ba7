package dev.foodorder.inventory.reservation;

import dev.foodorder.events.Topics;
import dev.foodorder.events.order.OrderCancelled;
import dev.foodorder.events.order.OrderPlaced;
import dev.foodorder.messaging.consumer.EventBatches;
import dev.foodorder.messaging.consumer.EventBatches.Received;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the order lifecycle from {@code orders} and hands the orders placed and cancelled to
 * {@link StockReservations}, a poll at a time and each event once ({@link EventBatches}): the
 * events' ids are remembered in the same transaction as the stock change, so a redelivered event
 * changes nothing. Confirmations and rejections are skipped: once the inventory has answered, how
 * the order ends is no longer its business (a rejected order never held stock, a confirmed one
 * keeps what it holds). A failure rolls the batch back, and the shared error handler retries the
 * failing record, then parks it in {@code orders.DLT}.
 */
@Component
class OrderEventsListener {

    /** The listener's id, for tests and operations; the consumer group is {@code spring.kafka.consumer.group-id}. */
    static final String ID = "inventory-orders";

    private final StockReservations reservations;
    private final EventBatches batches;
    private final Timer batchTime;
    private final Map<ReservationOutcome, Counter> outcomes = new EnumMap<>(ReservationOutcome.class);

    OrderEventsListener(StockReservations reservations, EventBatches batches, MeterRegistry meters) {
        this.reservations = reservations;
        this.batches = batches;
        this.batchTime = Timer.builder("inventory.event.processing")
                .description("Time to apply one batch of order events to stock, within its transaction")
                .publishPercentileHistogram()
                .register(meters);
        // Registered up front, so every outcome is a series from the start and rate() works at once.
        Arrays.stream(ReservationOutcome.values()).forEach(outcome -> outcomes.put(outcome,
                Counter.builder("inventory.reservations").tag("outcome", outcome.tag())
                        .description("Order events handled by the inventory, by what they did to stock")
                        .register(meters)));
    }

    @KafkaListener(id = ID, idIsGroup = false, topics = {Topics.ORDERS, Topics.ORDERS + EventBatches.REPLAYS}, batch = "true",
            concurrency = "${inventory.listener.concurrency:1}")
    void on(List<ConsumerRecord<String, byte[]>> records) {
        batches.handle(records, EventBatches.only(OrderPlaced.class, OrderCancelled.class), this::reserveOrRelease);
    }

    private void reserveOrRelease(List<Received> events) {
        var handled = batchTime.record(() -> reservations.apply(events));
        handled.forEach(outcome -> outcomes.get(outcome).increment());
    }
}
