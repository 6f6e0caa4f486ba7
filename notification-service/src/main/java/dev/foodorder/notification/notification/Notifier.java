package dev.foodorder.notification.notification;

import dev.foodorder.events.EventEnvelope;
import dev.foodorder.messaging.consumer.IdempotentConsumer;
import dev.foodorder.notification.NotificationProperties;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

import java.time.Instant;

/**
 * Turns consumed events into stored notifications, exactly once per event. Delivery is not its
 * business: it only writes the row, so that a slow or broken mail server can never hold up
 * consumption (the dispatcher in {@code delivery} picks the row up).
 */
@Service
public class Notifier {

    private final IdempotentConsumer idempotentConsumer;
    private final Notifications notifications;
    private final ApplicationEventPublisher events;
    private final Composer composer;
    private final String consumer;

    Notifier(IdempotentConsumer idempotentConsumer, Notifications notifications, ApplicationEventPublisher events,
             NotificationProperties properties, @Value("${spring.application.name}") String consumer) {
        this.idempotentConsumer = idempotentConsumer;
        this.notifications = notifications;
        this.events = events;
        this.composer = new Composer(properties.operatorEmail());
        this.consumer = consumer;
    }

    /**
     * Stores the notification the event calls for, in one transaction with the record that the
     * event was handled: a redelivered event finds that record and creates nothing.
     *
     * @return whether a notification was created
     */
    public boolean handle(EventEnvelope envelope) {
        var draft = composer.compose(envelope.data());
        // An event that calls for no notification costs no transaction.
        return draft.isPresent() && idempotentConsumer.handle(consumer, envelope, event -> {
            var notification = notifications.save(Notification.of(draft.get(), event.id(), event.time(), Instant.now()));
            events.publishEvent(new NotificationCreated(notification));
        });
    }
}
