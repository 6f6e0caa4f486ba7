package dev.foodorder.notification.notification;

/**
 * A notification was stored. Published inside the transaction that stores it; listeners that act
 * outside the database (the live stream, the metrics) wait for that transaction to commit.
 */
public record NotificationCreated(Notification notification) {
}
