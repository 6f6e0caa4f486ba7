package dev.foodorder.notification.delivery;

import dev.foodorder.notification.notification.Notification;

import java.util.UUID;

/** What a channel needs to deliver one notification. */
record Message(long notificationId, UUID eventId, String recipient, String subject, String body) {

    static Message of(Notification notification) {
        return new Message(notification.id(), notification.eventId(), notification.recipient(),
                notification.subject(), notification.body());
    }
}
