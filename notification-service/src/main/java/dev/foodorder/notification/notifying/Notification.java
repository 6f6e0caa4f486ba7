package dev.foodorder.notification.notifying;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

import java.time.Instant;
import java.util.UUID;

/**
 * One message to one recipient, caused by one event, with the state of its delivery. Each
 * delivery attempt is first claimed (counted, and the notification hidden from other dispatchers
 * for a lease), then settled as SENT or FAILED. It is created PENDING with its first attempt
 * claimed already, for the instance that created it; later attempts claim it from the table.
 *
 * <p>Read-only here: rows are written a batch at a time, with one statement per batch, by the
 * {@link Notifier} and the dispatcher; JPA serves the API's reading and filtering.
 */
@Entity
@Immutable
@Table(name = "notification")
class Notification {

    @Id
    private Long id;

    private UUID eventId;

    @Enumerated(EnumType.STRING)
    private NotificationType type;

    private String recipient;

    private String customerId;

    private UUID orderId;

    private String subject;

    private String body;

    private Instant occurredAt;

    private Instant createdAt;

    @Enumerated(EnumType.STRING)
    private DeliveryStatus status;

    private int attempts;

    private String lastError;

    private Instant nextAttemptAt;

    private Instant sentAt;

    protected Notification() {
        // for JPA
    }

    Long id() {
        return id;
    }

    UUID eventId() {
        return eventId;
    }

    NotificationType type() {
        return type;
    }

    String recipient() {
        return recipient;
    }

    String customerId() {
        return customerId;
    }

    UUID orderId() {
        return orderId;
    }

    String subject() {
        return subject;
    }

    String body() {
        return body;
    }

    Instant occurredAt() {
        return occurredAt;
    }

    Instant createdAt() {
        return createdAt;
    }

    DeliveryStatus status() {
        return status;
    }

    int attempts() {
        return attempts;
    }

    String lastError() {
        return lastError;
    }

    Instant nextAttemptAt() {
        return nextAttemptAt;
    }

    Instant sentAt() {
        return sentAt;
    }
}
