package dev.foodorder.notification.notification;

import java.time.Instant;
import java.util.UUID;

/**
 * A notification was stored, PENDING and due at once. Published inside the transaction that
 * stores it; listeners that act outside the database (the live stream, the metrics, the
 * dispatcher) wait for that transaction to commit.
 *
 * @param customerId null for operator notifications
 * @param orderId    null for operator notifications
 */
public record NotificationCreated(long id, UUID eventId, NotificationType type, String recipient, String customerId,
                                  UUID orderId, String subject, String body, Instant occurredAt, Instant createdAt) {
}
