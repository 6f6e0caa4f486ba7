package dev.foodorder.notification.messaging;

import dev.foodorder.events.EventEnvelope;
import dev.foodorder.events.Topics;
import dev.foodorder.notification.notification.Notifier;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes both topics in the service's own consumer group ({@code spring.kafka.consumer.group-id}),
 * from its committed offsets: a restarted instance takes up where the group left off and so
 * notifies about everything that happened while it was away. Failures are retried, then
 * dead-lettered, by the shared error handler.
 */
@Component
class EventConsumer {

    private final Notifier notifier;

    EventConsumer(Notifier notifier) {
        this.notifier = notifier;
    }

    @KafkaListener(topics = {Topics.ORDERS, Topics.INVENTORY}, concurrency = "${notifications.listener.concurrency}")
    void on(EventEnvelope event) {
        notifier.handle(event);
    }
}
