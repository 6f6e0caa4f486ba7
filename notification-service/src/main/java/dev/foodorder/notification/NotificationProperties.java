package dev.foodorder.notification;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * Every setting of the service under {@code notifications.*}, each with an environment override
 * ({@code NOTIFICATIONS_OPERATOR_EMAIL}, {@code NOTIFICATIONS_DELIVERY_MAX_ATTEMPTS}, ...). The SMTP
 * server itself is Spring Boot's {@code spring.mail.*}: without {@code spring.mail.host}
 * notifications are written to the log instead of mailed.
 *
 * @param operatorEmail who hears about stock levels and about customers the analytics flagged
 * @param sender        the From of every email
 * @param listener      how the service consumes its topics
 * @param delivery      how and how persistently notifications are delivered
 * @param stream        the live stream of new notifications (Server-Sent Events)
 */
@Validated
@ConfigurationProperties("notifications")
public record NotificationProperties(
        @DefaultValue("kitchen@example.org") @NotBlank @Email String operatorEmail,
        @DefaultValue("Food Ordering <orders@example.org>") @NotBlank String sender,
        @DefaultValue @Valid Listener listener,
        @DefaultValue @Valid Delivery delivery,
        @DefaultValue @Valid Stream stream) {

    /**
     * @param concurrency consumer threads per instance; more than the topics' partitions would idle,
     *                    and one thread already takes whole polls, so more pay off only with spare cores
     */
    public record Listener(@DefaultValue("1") @Min(1) int concurrency) {
    }

    /**
     * @param batchSize      the most notifications one dispatcher round delivers from memory, and
     *                       the most it claims
     * @param pollInterval   the pause between rounds when nothing was due and no new notification
     *                       woke the dispatcher
     * @param lease          how long a claimed notification is left to its dispatcher before another
     *                       may try it: longer than a batch can take, given the mail timeouts
     * @param initialBackOff the wait after the first failed attempt
     * @param multiplier     how much each further wait grows
     * @param maxBackOff     the longest wait between attempts
     * @param maxAttempts    attempts after which a notification stays FAILED
     * @param queueCapacity  new notifications an instance keeps in memory to deliver without claiming
     *                       them; when it is full, a new one waits out its lease and is claimed
     */
    public record Delivery(
            @DefaultValue("100") @Min(1) int batchSize,
            @DefaultValue("500ms") @NotNull Duration pollInterval,
            @DefaultValue("2m") @NotNull Duration lease,
            @DefaultValue("10s") @NotNull Duration initialBackOff,
            @DefaultValue("2.0") @DecimalMin("1.0") double multiplier,
            @DefaultValue("30m") @NotNull Duration maxBackOff,
            @DefaultValue("10") @Min(1) int maxAttempts,
            @DefaultValue("2000") @Min(1) int queueCapacity) {
    }

    /**
     * @param heartbeat   how often an idle stream gets a comment line, so that proxies keep it open
     *                    and a vanished client is noticed
     * @param timeout     how long one stream lasts; browsers reconnect on their own
     * @param backlog     notifications queued for one slow client before it is cut off
     */
    public record Stream(
            @DefaultValue("15s") @NotNull Duration heartbeat,
            @DefaultValue("30m") @NotNull Duration timeout,
            @DefaultValue("256") @Min(1) int backlog,
            @DefaultValue("100") @Min(1) int maxSubscribers) {
    }
}
