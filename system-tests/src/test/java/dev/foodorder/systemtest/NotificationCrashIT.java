package dev.foodorder.systemtest;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

import static dev.foodorder.systemtest.RunningSystem.NOTIFICATION;
import static dev.foodorder.systemtest.RunningSystem.NOTIFICATION_BATCH;
import static dev.foodorder.systemtest.RunningSystem.NOTIFICATION_LEASE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenario 15: the notification service dies (SIGKILL) in the middle of delivering. It is started
 * with a backlog of events to notify customers of, and killed as the tenth notification of a batch
 * goes out, before the batch is marked sent. What it had stored stays leased to the dead instance
 * until the lease runs out, then the restarted one claims and delivers it; events whose offsets it
 * had not committed come again and make nothing new. Every customer is told of every event at least
 * once. What the dead instance delivered and had not marked sent goes out again: delivery is at least
 * once, and the copies are bounded by the one batch in flight. They are counted where the customer
 * gets them, in the log channel.
 */
@SystemTest
@Order(15)
@DisplayName("15. The notification service is killed (SIGKILL) mid-delivery, then started again")
class NotificationCrashIT {

    /** The log channel's line as it begins a batch of the backlog (ten or more), rather than a lone operator notification. */
    private static final Pattern BACKLOG_BATCH = Pattern.compile("Delivered (\\d{2,}) notifications to the log");
    /** The log channel's line for one notification it delivers. */
    private static final Pattern DELIVERY = Pattern.compile("LogChannel\\s*:\\s*Notification \\d+ to ");
    /** The notification of the batch at which it is killed: the ones before it are out, the batch not yet marked sent. */
    private static final int KILLED_AT = 10;

    @Test
    void everyNotificationIsDeliveredAtLeastOnceAndOnlyTheBatchInFlightTwice(RunningSystem system) throws Exception {
        var scenario = Scenario.begin(system, 15, "Notification service killed (SIGKILL) mid-delivery, then restarted")
                .stockUp(1000, 10);
        var notifications = system.process(NOTIFICATION);
        notifications.stop();
        var load = scenario.load(Load.Plan.of(200).customers(8).cancelling(0.1));
        load.awaitFinished();
        scenario.awaitEveryOrderFinal(Duration.ofMinutes(1));

        // Killed from the thread that copies its output, as it writes the tenth notification of a batch of the
        // backlog: the batch is marked sent only once all of it is out, milliseconds later.
        var batch = new AtomicReference<String>();
        var written = new AtomicInteger();
        var delivering = system.nextLogLine(NOTIFICATION, line -> {
            var begins = BACKLOG_BATCH.matcher(line);
            if (begins.find()) {
                batch.set(begins.group());
                written.set(0);
                return false;
            }
            return batch.get() != null && DELIVERY.matcher(line).find() && written.incrementAndGet() == KILLED_AT;
        }, notifications::kill);
        var startedAt = System.nanoTime();
        notifications.start();
        awaitLine(delivering);
        var killedAfter = (System.nanoTime() - startedAt) / 1e9;
        // What it delivered before it died: its last lines may still be on their way through the pipe.
        notifications.awaitOutputEnd(Duration.ofSeconds(30));
        var beforeTheKill = scenario.logs().deliveries();
        var ready = system.restart(NOTIFICATION);
        scenario.note("a backlog of %d orders' events; killed %.1f s after its start, at the %dth notification of a batch of the backlog "
                        + "(\"%s\"); ready %.1f s after its restart; what the dead instance held waited out its lease (%d s)",
                load.answered(), killedAfter, KILLED_AT, batch.get(), ready, NOTIFICATION_LEASE.toSeconds());

        scenario.noteAtTheEnd(() -> {
            var deliveries = deliveriesOfTheScenario(system, scenario);
            return "%d notifications, %d of them delivered before the kill; %d delivered a second time after it (at most one batch of %d may be)"
                    .formatted(deliveries.size(), (int) deliveries.keySet().stream().filter(beforeTheKill::containsKey).count(),
                            copies(deliveries), NOTIFICATION_BATCH);
        });

        scenario.assertBooksBalance(Duration.ofMinutes(2));
        var deliveries = deliveriesOfTheScenario(system, scenario);
        assertThat(deliveries).as("deliveries in the log channel of each of the scenario's notifications, by id")
                .allSatisfy((id, count) -> assertThat(count).as("deliveries of notification %d", id).isPositive());
        assertThat(copies(deliveries)).as("notifications delivered again after the kill: only the batch in flight may be")
                .isLessThanOrEqualTo(NOTIFICATION_BATCH);
    }

    /** How often the log channel delivered each notification of the scenario's customers, by its id. */
    private static Map<Long, Integer> deliveriesOfTheScenario(RunningSystem system, Scenario scenario) {
        var delivered = scenario.logs().deliveries();
        var deliveries = new HashMap<Long, Integer>();
        scenario.customers().forEach(customer -> system.notifications().ofCustomer(customer)
                .forEach(notification -> deliveries.put(notification.id(), delivered.getOrDefault(notification.id(), 0))));
        return deliveries;
    }

    private static String awaitLine(CompletableFuture<String> line) throws InterruptedException {
        try {
            return line.get(3, TimeUnit.MINUTES);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("The notification service delivered no batch of its backlog within 3 minutes of its start", e);
        }
    }

    /** Deliveries beyond the first of each notification. */
    private static int copies(Map<Long, Integer> deliveries) {
        return deliveries.values().stream().mapToInt(count -> Math.max(0, count - 1)).sum();
    }
}
