package dev.foodorder.notification.notifying;

import dev.foodorder.events.OrderId;

/** A notification as composed from an event, before it is stored. */
record Draft(NotificationType type, String recipient, String customerId, OrderId orderId, String subject, String body) {
}
