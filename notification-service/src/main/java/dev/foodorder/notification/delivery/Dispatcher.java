package dev.foodorder.notification.delivery;

import dev.foodorder.messaging.WakeUpSignal;
import dev.foodorder.notification.NotificationProperties;
import dev.foodorder.notification.delivery.Deliveries.Failure;
import dev.foodorder.notification.notification.DeliveryStatus;
import dev.foodorder.notification.notification.NotificationCreated;
import dev.foodorder.notification.notification.NotificationMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Delivers stored notifications, apart from their consumption: a mail server that is slow or down
 * delays emails, never events. Each round claims a batch of due notifications and commits the
 * claim before it talks to the channel: no transaction stays open across the network. Then it
 * settles the batch: the sent ones with one statement, the failed ones, each with a later attempt
 * until its attempts run out, with another. See docs/adr/0006-notification-delivery-separate-from-consumption.md.
 *
 * <p>It sleeps until new notifications are committed ({@link NotificationCreated}) and delivers
 * them at once; polling is the fallback for retries, expired leases and other instances' rows.
 */
@Component
class Dispatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    /** Long enough for a batch in flight to be settled, so that a restart sends nothing twice. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Deliveries deliveries;
    private final DeliveryChannel channel;
    private final NotificationMetrics metrics;
    private final NotificationProperties.Delivery settings;
    private final RetryPolicy retries;
    private final WakeUpSignal signal = new WakeUpSignal();
    private volatile boolean running;
    private Thread worker;

    Dispatcher(Deliveries deliveries, DeliveryChannel channel, NotificationMetrics metrics, NotificationProperties properties) {
        this.deliveries = deliveries;
        this.channel = channel;
        this.metrics = metrics;
        this.settings = properties.delivery();
        this.retries = RetryPolicy.of(settings);
    }

    @TransactionalEventListener
    void on(NotificationCreated created) {
        signal.wakeUp();
    }

    private void run() {
        while (running && !Thread.currentThread().isInterrupted()) {
            dispatch();
            if (running) {
                signal.await(settings.pollInterval());
            }
        }
    }

    private void dispatch() {
        try {
            // A full batch suggests more are due: a backlog drains at full speed, not a batch per poll.
            int attempted;
            do {
                attempted = dispatchBatch();
            } while (attempted == settings.batchSize() && running);
        } catch (DataAccessException e) {
            log.warn("Notification delivery paused, the database is not answering: {}", e.getMessage());
        } catch (RuntimeException e) {
            log.error("Notification delivery failed unexpectedly", e);
        }
    }

    /** @return how many notifications the round attempted */
    private int dispatchBatch() {
        var claimed = deliveries.claimDue(Instant.now(), settings.lease(), settings.batchSize());
        if (!claimed.isEmpty()) {
            settle(claimed, deliver(claimed));
        }
        return claimed.size();
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

    private void settle(List<Message> attempted, Map<Long, Exception> failures) {
        var now = Instant.now();
        var sent = attempted.stream().filter(message -> !failures.containsKey(message.notificationId())).toList();
        var failed = attempted.stream().filter(message -> failures.containsKey(message.notificationId()))
                .map(message -> new Failure(message, describe(failures.get(message.notificationId())),
                        retries.nextAttempt(message.attempts(), now).orElse(null)))
                .toList();
        if (!sent.isEmpty()) {
            deliveries.sent(sent, now);
        }
        if (!failed.isEmpty()) {
            deliveries.failed(failed);
        }
        sent.forEach(message -> metrics.settled(message.type(), DeliveryStatus.SENT));
        failed.forEach(failure -> metrics.settled(failure.message().type(), DeliveryStatus.FAILED));
        report(attempted, failed);
    }

    private static void report(List<Message> attempted, List<Failure> failed) {
        if (failed.isEmpty()) {
            return;
        }
        log.warn("Could not deliver {} of {} notifications: {}", failed.size(), attempted.size(), failed.getFirst().error());
        failed.stream()
                .filter(failure -> failure.nextAttemptAt() == null)
                .forEach(failure -> log.error("Gave up on notification {} to {} after {} attempts: {}",
                        failure.message().notificationId(), failure.message().recipient(), failure.message().attempts(),
                        failure.error()));
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

    @Override
    public void start() {
        running = true;
        worker = Thread.ofPlatform().name("notification-dispatcher").daemon().start(this::run);
    }

    /** Lets a batch in flight finish rather than interrupting it: an unsettled batch would be sent again. */
    @Override
    public void stop() {
        running = false;
        signal.wakeUp();
        try {
            worker.join(STOP_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
