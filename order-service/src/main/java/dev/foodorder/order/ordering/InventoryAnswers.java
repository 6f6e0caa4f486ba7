package dev.foodorder.order.ordering;

import dev.foodorder.events.EventEnvelope;
import dev.foodorder.events.MalformedEventException;
import dev.foodorder.events.Topics;
import dev.foodorder.events.inventory.InventoryEvent;
import dev.foodorder.events.inventory.StockLevelLow;
import dev.foodorder.events.inventory.StockReleased;
import dev.foodorder.events.inventory.StockReplenished;
import dev.foodorder.events.inventory.StockReservationFailed;
import dev.foodorder.events.inventory.StockReserved;
import dev.foodorder.messaging.consumer.EventBatches;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Reads topic {@code inventory}: the inventory's answer to each placed order decides whether it is
 * confirmed or rejected. Failures are retried and then dead-lettered by the shared error handler.
 */
@Component
class InventoryAnswers {

    private final OrderService orders;
    private final EventBatches batches;
    private final EntityManager entityManager;

    InventoryAnswers(OrderService orders, EventBatches batches, EntityManager entityManager) {
        this.orders = orders;
        this.batches = batches;
        this.entityManager = entityManager;
    }

    /** A poll's answers are handled in one transaction ({@link EventBatches}). */
    @KafkaListener(topics = Topics.INVENTORY, batch = "true", concurrency = "${orders.listener.concurrency:3}")
    void on(List<ConsumerRecord<String, EventEnvelope>> records) {
        batches.handle(records, envelope -> {
            try {
                answer(envelope);
            } finally {
                // A batch shares one persistence context: without this, every query of the next
                // answer would first dirty-check every order the batch has loaded so far.
                entityManager.flush();
                entityManager.clear();
            }
        });
    }

    private void answer(EventEnvelope envelope) {
        if (!(envelope.data() instanceof InventoryEvent event)) {
            throw new MalformedEventException("%s does not belong on topic %s".formatted(envelope.type().type(), Topics.INVENTORY));
        }
        switch (event) {
            case StockReserved reserved -> orders.confirm(envelope, reserved);
            case StockReservationFailed failure -> orders.reject(envelope, failure);
            // The inventory's answer to our cancellation: the order is already CANCELLED.
            case StockReleased released -> { }
            // Stock levels are for the operators.
            case StockLevelLow low -> { }
            case StockReplenished replenished -> { }
        }
    }
}
