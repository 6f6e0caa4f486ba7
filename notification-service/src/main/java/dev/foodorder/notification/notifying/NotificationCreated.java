package dev.foodorder.notification.notifying;

import java.time.Instant;
import java.util.UUID;

/**
 * A notification was stored, PENDING and already claimed for its first attempt by this instance:
 * its dispatcher delivers it from memory, without a claim statement. Published inside the
 * transaction that stores it; listeners that act outside the database (the live stream, the
 * metrics, the dispatcher) wait for that transaction to commit.
 *
 * @param customerId  null for operator notifications
 * @param orderId     null for operator notifications
 * @param attempts    attempts counted so far, the first one included
 * @param leasedUntil when the lease of this instance ends: from then on any dispatcher may claim
 *                    it, so this one must not deliver it from memory any more
 */
public record NotificationCreated(long id, UUID eventId, NotificationType type, String recipient, String customerId,
                                  UUID orderId, String subject, String body, Instant occurredAt, Instant createdAt,
                                  int attempts, Instant leasedUntil) {
}
