package dev.foodorder.notification.delivery;

import dev.foodorder.messaging.WakeUpSignal;
import dev.foodorder.notification.NotificationProperties;
import dev.foodorder.notification.delivery.Deliveries.Failure;
import dev.foodorder.notification.notifying.DeliveryStatus;
import dev.foodorder.notification.notifying.NotificationCreated;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Delivers stored notifications, apart from their consumption: a mail server that is slow or down
 * delays emails, never events. No transaction stays open while the channel is asked; each round
 * settles what it attempted with one statement for the sent ones and one for the failed ones
 * (each with a later attempt until its attempts run out). See
 * docs/adr/0006-notification-delivery-separate-from-consumption.md.
 *
 * <p>New notifications come through memory: the {@code Notifier} stores them already claimed for
 * this instance, and once their transaction has committed ({@link NotificationCreated}) they are
 * queued here and the dispatcher wakes up. Each round first delivers a batch of those, with no
 * claim statement, then claims due rows from the table: retries, rows whose lease ran out, other
 * instances' rows. Claiming commits before the channel is asked; rows another dispatcher holds are
 * skipped. When nothing wakes it, it polls.
 *
 * <p>What memory holds is lost with the process: a crash leaves the notifications stored but not
 * yet delivered waiting for their lease to run out ({@code notifications.delivery.lease}, 2
 * minutes by default), after which the claim path of any instance delivers them, possibly after
 * newer ones. A graceful stop finishes the batch in flight and leaves what is still queued the
 * same way: leased in the table, delivered once the lease runs out. Delivery stays at-least-once,
 * as it was.
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
    /** Bounded, so that a backlog waits in the table rather than in memory. */
    private final BlockingQueue<Leased> queued;
    private final WakeUpSignal signal = new WakeUpSignal();
    /** When the next claim is due; read and written by the dispatcher's thread only. */
    private long nextClaimNanos = System.nanoTime();
    private volatile boolean running;
    private Thread worker;

    Dispatcher(Deliveries deliveries, DeliveryChannel channel, NotificationMetrics metrics, NotificationProperties properties) {
        this.deliveries = deliveries;
        this.channel = channel;
        this.metrics = metrics;
        this.settings = properties.delivery();
        this.retries = RetryPolicy.of(settings);
        this.queued = new ArrayBlockingQueue<>(settings.queueCapacity());
    }

    @TransactionalEventListener
    void on(NotificationCreated created) {
        var message = new Message(created.id(), created.eventId(), created.type(), created.recipient(), created.subject(),
                created.body(), created.attempts());
        // A full queue drops it: its row stays leased until the lease runs out, and then the claim path delivers it.
        if (!queued.offer(new Leased(message, created.leasedUntil()))) {
            metrics.leftToItsLease();
        }
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
            // More queued, or a full batch claimed: a backlog drains at full speed, not a batch per poll.
            boolean more;
            do {
                more = dispatchBatch();
            } while (more && running);
        } catch (DataAccessException e) {
            log.warn("Notification delivery paused, the database is not answering: {}", e.getMessage());
        } catch (RuntimeException e) {
            log.error("Notification delivery failed unexpectedly", e);
        }
    }

    /** @return whether more may be waiting */
    private boolean dispatchBatch() {
        attempt(takeQueued());
        var claimed = claimIfDue();
        attempt(claimed);
        return !queued.isEmpty() || claimed.size() == settings.batchSize();
    }

    /**
     * Claims due rows at most once a poll interval, unless the last claim was full: the table holds
     * only retries, expired leases and other instances' rows, and a claim in every round that new
     * notifications start would cost each of them a statement again.
     */
    private List<Message> claimIfDue() {
        if (System.nanoTime() - nextClaimNanos < 0) {
            return List.of();
        }
        var claimed = deliveries.claimDue(Instant.now(), settings.lease(), settings.batchSize());
        nextClaimNanos = claimed.size() == settings.batchSize() ? System.nanoTime() : System.nanoTime() + settings.pollInterval().toNanos();
        return claimed;
    }

    /**
     * Takes up to a batch of new notifications whose lease leaves a round time to finish. One
     * with less than half its lease left is dropped: once the lease runs out another dispatcher
     * may claim it, and the two would send it twice. The claim path delivers it then.
     */
    private List<Message> takeQueued() {
        var deadline = Instant.now().plus(settings.lease().dividedBy(2));
        var taken = new ArrayList<Message>();
        while (taken.size() < settings.batchSize()) {
            var next = queued.poll();
            if (next == null) {
                break;
            }
            if (next.leasedUntil().isAfter(deadline)) {
                taken.add(next.message());
            }
        }
        return taken;
    }

    private void attempt(List<Message> messages) {
        if (!messages.isEmpty()) {
            settle(messages, deliver(messages));
        }
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
                // By id, without the recipient: an address is personal data, and the API shows it to whoever may see it.
                .forEach(failure -> log.error("Gave up on notification {} after {} attempts: {}",
                        failure.message().notificationId(), failure.message().attempts(), failure.error()));
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

    /** A new notification, and the end of the lease its {@code Notifier} took for this instance. */
    private record Leased(Message message, Instant leasedUntil) {
    }

    @Override
    public void start() {
        running = true;
        worker = Thread.ofPlatform().name("notification-dispatcher").daemon().start(this::run);
    }

    /**
     * Lets a batch in flight finish rather than interrupting it: an unsettled batch would be sent
     * again. What is still queued stays leased in the table, and is delivered when the lease runs out.
     */
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
