package dev.foodorder.notification.notifying;

import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.UUID;

/**
 * A notification as the API shows it.
 *
 * @param eventId       the {@code ce_id} of the event that caused it
 * @param customerId    the customer it concerns; null for operator notifications
 * @param orderId       the order it concerns; null for operator notifications
 * @param attempts      delivery attempts so far
 * @param lastError     why the last attempt failed; null once sent
 * @param nextAttemptAt when delivery will be tried (again); null once sent, or when no attempt is left
 */
record NotificationView(
        long id,
        UUID eventId,
        NotificationType type,
        String recipient,
        @Schema(nullable = true) String customerId,
        @Schema(nullable = true) UUID orderId,
        String subject,
        String body,
        Instant occurredAt,
        Instant createdAt,
        DeliveryStatus status,
        int attempts,
        @Schema(nullable = true) String lastError,
        @Schema(nullable = true) Instant nextAttemptAt,
        @Schema(nullable = true) Instant sentAt) {

    static NotificationView of(Notification notification) {
        return new NotificationView(notification.id(), notification.eventId(), notification.type(),
                notification.recipient(), notification.customerId(), notification.orderId(), notification.subject(),
                notification.body(), notification.occurredAt(), notification.createdAt(), notification.status(),
                notification.attempts(), notification.lastError(), notification.nextAttemptAt(), notification.sentAt());
    }

    /** A notification as it was just stored: pending, its first attempt about to be made. */
    static NotificationView of(NotificationCreated created) {
        return new NotificationView(created.id(), created.eventId(), created.type(), created.recipient(),
                created.customerId(), created.orderId(), created.subject(), created.body(), created.occurredAt(),
                created.createdAt(), DeliveryStatus.PENDING, created.attempts(), null, created.leasedUntil(), null);
    }
}
