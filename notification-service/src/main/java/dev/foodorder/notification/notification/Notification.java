package dev.foodorder.notification.notification;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * One message to one recipient, caused by one event, with the state of its delivery. It is
 * created PENDING and due at once; each delivery attempt first claims it (counting the attempt
 * and hiding it from other dispatchers for a lease), then settles it as SENT or FAILED.
 */
@Entity
@Table(name = "notification")
public class Notification {

    private static final int MAX_ERROR_LENGTH = 1000;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
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

    static Notification of(Draft draft, UUID eventId, Instant occurredAt, Instant now) {
        var notification = new Notification();
        notification.eventId = eventId;
        notification.type = draft.type();
        notification.recipient = draft.recipient();
        notification.customerId = draft.customerId();
        notification.orderId = draft.orderId() == null ? null : draft.orderId().value();
        notification.subject = draft.subject();
        notification.body = draft.body();
        notification.occurredAt = occurredAt;
        notification.createdAt = now;
        notification.status = DeliveryStatus.PENDING;
        notification.nextAttemptAt = now;
        return notification;
    }

    /**
     * Takes the notification for one delivery attempt. Should the dispatcher die before it settles
     * the attempt, the notification falls due again when the lease runs out.
     */
    public void claim(Instant now, Duration lease) {
        attempts++;
        nextAttemptAt = now.plus(lease);
    }

    public void sent(Instant now) {
        status = DeliveryStatus.SENT;
        sentAt = now;
        lastError = null;
        nextAttemptAt = null;
    }

    /** @param nextAttemptAt when to try again, or null when no attempt is left */
    public void failed(String error, Instant nextAttemptAt) {
        status = DeliveryStatus.FAILED;
        lastError = error == null || error.length() <= MAX_ERROR_LENGTH ? error : error.substring(0, MAX_ERROR_LENGTH);
        this.nextAttemptAt = nextAttemptAt;
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
