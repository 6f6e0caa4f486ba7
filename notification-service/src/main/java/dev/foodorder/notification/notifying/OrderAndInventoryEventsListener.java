package dev.foodorder.notification.notifying;

import dev.foodorder.events.Topics;
import dev.foodorder.messaging.consumer.EventBatches;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Consumes both topics in the service's own consumer group ({@code spring.kafka.consumer.group-id}),
 * from its committed offsets: a restarted instance takes up where the group left off and so
 * notifies about everything that happened while it was away. Failures are retried, then
 * dead-lettered, by the shared error handler. A poll's events are stored in one transaction ({@link EventBatches});
 * those that call for no notification cost none.
 */
@Component
class OrderAndInventoryEventsListener {

    /** The listener's id, for tests and operations; the consumer group is {@code spring.kafka.consumer.group-id}. */
    static final String ID = "notification-events";

    private final Notifier notifier;
    private final EventBatches batches;

    OrderAndInventoryEventsListener(Notifier notifier, EventBatches batches) {
        this.notifier = notifier;
        this.batches = batches;
    }

    @KafkaListener(id = ID, idIsGroup = false, topics = {Topics.ORDERS, Topics.INVENTORY,
            Topics.ORDERS + EventBatches.REPLAYS, Topics.INVENTORY + EventBatches.REPLAYS}, batch = "true",
            concurrency = "${notifications.listener.concurrency}")
    void on(List<ConsumerRecord<String, byte[]>> records) {
        batches.handle(records, Notifier.EVENTS, notifier::handleAll);
    }
}
