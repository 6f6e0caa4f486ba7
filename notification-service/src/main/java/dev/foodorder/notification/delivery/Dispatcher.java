package dev.foodorder.notification.delivery;

import dev.foodorder.notification.NotificationProperties;
import dev.foodorder.notification.notification.DeliveryStatus;
import dev.foodorder.notification.notification.Notification;
import dev.foodorder.notification.notification.NotificationMetrics;
import dev.foodorder.notification.notification.Notifications;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Delivers stored notifications, apart from their consumption: a mail server that is slow or down
 * delays emails, never events. Each round claims a small batch of due notifications
 * ({@code FOR UPDATE SKIP LOCKED}, so instances share the work) and commits the claim before it
 * talks to the channel: no transaction stays open across the network. Then it settles each
 * notification as SENT, or FAILED with a later attempt until the attempts run out.
 * See docs/adr/0006-notification-delivery-separate-from-consumption.md.
 */
@Component
class Dispatcher {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    private final Notifications notifications;
    private final DeliveryChannel channel;
    private final TransactionTemplate transactions;
    private final NotificationMetrics metrics;
    private final NotificationProperties.Delivery settings;
    private final RetryPolicy retries;

    Dispatcher(Notifications notifications, DeliveryChannel channel, PlatformTransactionManager transactionManager,
               NotificationMetrics metrics, NotificationProperties properties) {
        this.notifications = notifications;
        this.channel = channel;
        this.transactions = new TransactionTemplate(transactionManager);
        this.metrics = metrics;
        this.settings = properties.delivery();
        this.retries = RetryPolicy.of(settings);
    }

    @Scheduled(fixedDelayString = "${notifications.delivery.poll-interval}")
    void dispatch() {
        try {
            // A full batch suggests more are due: a backlog drains at full speed, not a batch per poll.
            int attempted;
            do {
                attempted = dispatchBatch();
            } while (attempted == settings.batchSize());
        } catch (DataAccessException | TransactionException e) {
            log.warn("Notification delivery paused, the database is not answering: {}", e.getMessage());
        }
    }

    /** @return how many notifications the round attempted */
    private int dispatchBatch() {
        var claimed = claimDue();
        if (claimed.isEmpty()) {
            return 0;
        }
        var settled = settle(claimed, deliver(claimed));
        settled.forEach(metrics::settled);
        return claimed.size();
    }

    private List<Message> claimDue() {
        return transactions.execute(status -> {
            var now = Instant.now();
            var due = notifications.lockDue(now, settings.batchSize());
            due.forEach(notification -> notification.claim(now, settings.lease()));
            return due.stream().map(Message::of).toList();
        });
    }

    private Map<Long, Exception> deliver(List<Message> messages) {
        try {
            return channel.deliver(messages);
        } catch (RuntimeException e) {
            log.error("Delivery channel failed unexpectedly", e);
            var failures = new HashMap<Long, Exception>();
            messages.forEach(message -> failures.put(message.notificationId(), e));
            return failures;
        }
    }

    private List<Notification> settle(List<Message> attempted, Map<Long, Exception> failures) {
        var settled = transactions.execute(status -> {
            var now = Instant.now();
            var batch = notifications.findAllById(attempted.stream().map(Message::notificationId).toList());
            for (var notification : batch) {
                var failure = failures.get(notification.id());
                if (failure == null) {
                    notification.sent(now);
                } else {
                    notification.failed(describe(failure), retries.nextAttempt(notification.attempts(), now).orElse(null));
                }
            }
            return batch;
        });
        report(settled, failures);
        return settled;
    }

    private void report(List<Notification> settled, Map<Long, Exception> failures) {
        if (failures.isEmpty()) {
            return;
        }
        var example = failures.values().iterator().next();
        log.warn("Could not deliver {} of {} notifications: {}", failures.size(), settled.size(), describe(example));
        settled.stream()
                .filter(notification -> notification.status() == DeliveryStatus.FAILED && notification.nextAttemptAt() == null)
                .forEach(notification -> log.error("Gave up on notification {} to {} after {} attempts: {}",
                        notification.id(), notification.recipient(), notification.attempts(), notification.lastError()));
    }

    /** The exception and its causes in one line: "Mail server connection failed; Connection refused". */
    private static String describe(Throwable failure) {
        var text = new StringBuilder();
        for (var cause = failure; cause != null; cause = cause.getCause()) {
            var message = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
            if (text.indexOf(message) < 0) {
                text.append(text.isEmpty() ? "" : "; ").append(message);
            }
        }
        return text.toString();
    }
}
