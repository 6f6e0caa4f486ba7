package dev.foodorder.notification.delivery;

import dev.foodorder.notification.notifying.NotificationType;

import java.util.UUID;

/**
 * What a channel needs to deliver one notification, and what the dispatcher needs to settle it.
 *
 * @param attempts attempts made so far, this one included
 */
record Message(long notificationId, UUID eventId, NotificationType type, String recipient, String subject, String body,
               int attempts) {
}
