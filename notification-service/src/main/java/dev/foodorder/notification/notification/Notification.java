package dev.foodorder.notification.notification;

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
public class Notification {

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

    public Long id() {
        return id;
    }

    public UUID eventId() {
        return eventId;
    }

    public NotificationType type() {
        return type;
    }

    public String recipient() {
        return recipient;
    }

    public String customerId() {
        return customerId;
    }

    public UUID orderId() {
        return orderId;
    }

    public String subject() {
        return subject;
    }

    public String body() {
        return body;
    }

    public Instant occurredAt() {
        return occurredAt;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public DeliveryStatus status() {
        return status;
    }

    public int attempts() {
        return attempts;
    }

    public String lastError() {
        return lastError;
    }

    public Instant nextAttemptAt() {
        return nextAttemptAt;
    }

    public Instant sentAt() {
        return sentAt;
    }
}
