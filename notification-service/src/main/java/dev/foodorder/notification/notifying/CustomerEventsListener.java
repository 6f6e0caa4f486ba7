package dev.foodorder.notification.notifying;

import dev.foodorder.events.Topics;
import dev.foodorder.messaging.consumer.EventBatches;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Consumes {@code customers} in the service's consumer group, from its committed offsets, as
 * {@link OrderAndInventoryEventsListener} consumes the other topics and with the same shared error
 * handling (parked in {@code customers.DLT}). A listener of its own, so that a flagged customer
 * never waits behind a backlog of orders: the operators should hear of it before the kitchen cooks them.
 * A flag replayed by analytics-service carries the same {@code ce_id}, and so notifies once.
 */
@Component
class CustomerEventsListener {

    /** The listener's id, for tests and operations; the consumer group is {@code spring.kafka.consumer.group-id}. */
    static final String ID = "notification-customer-events";

    private final Notifier notifier;
    private final EventBatches batches;

    CustomerEventsListener(Notifier notifier, EventBatches batches) {
        this.notifier = notifier;
        this.batches = batches;
    }

    @KafkaListener(id = ID, idIsGroup = false, topics = {Topics.CUSTOMERS, Topics.CUSTOMERS + EventBatches.REPLAYS}, batch = "true")
    void on(List<ConsumerRecord<String, byte[]>> records) {
        batches.handle(records, Notifier.EVENTS, notifier::handleAll);
    }
}
