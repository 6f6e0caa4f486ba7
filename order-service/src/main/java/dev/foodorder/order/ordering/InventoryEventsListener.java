package dev.foodorder.order.ordering;

import dev.foodorder.events.Topics;
import dev.foodorder.events.inventory.StockReservationFailed;
import dev.foodorder.events.inventory.StockReserved;
import dev.foodorder.messaging.consumer.EventBatches;
import dev.foodorder.messaging.consumer.EventBatches.Received;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Reads topic {@code inventory}: the inventory's answer to each placed order decides whether it is
 * confirmed or rejected. A poll's answers are settled together, in one transaction and each once
 * ({@link EventBatches}); the inventory's other events (stock released for a cancelled order, stock
 * levels for the operators) are skipped. Failures are retried and then dead-lettered by the shared
 * error handler.
 */
@Component
class InventoryEventsListener {

    /** The listener's id, for tests and operations; the consumer group is {@code spring.kafka.consumer.group-id}. */
    static final String ID = "order-inventory";

    private final EventBatches batches;
    private final InventoryVerdicts verdicts;

    InventoryEventsListener(EventBatches batches, InventoryVerdicts verdicts) {
        this.batches = batches;
        this.verdicts = verdicts;
    }

    @KafkaListener(id = ID, idIsGroup = false, topics = {Topics.INVENTORY, Topics.INVENTORY + EventBatches.REPLAYS}, batch = "true",
            concurrency = "${orders.listener.concurrency:1}")
    void on(List<ConsumerRecord<String, byte[]>> records) {
        batches.handle(records, EventBatches.only(StockReserved.class, StockReservationFailed.class), this::answer);
    }

    private void answer(List<Received> answers) {
        verdicts.settle(answers);
    }
}
