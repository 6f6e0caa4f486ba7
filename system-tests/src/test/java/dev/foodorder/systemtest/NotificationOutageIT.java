package dev.foodorder.systemtest;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.foodorder.systemtest.RunningSystem.NOTIFICATION;

/**
 * Scenario 5: the notification service is down while orders are placed, confirmed, rejected and
 * cancelled. Nobody waits for it: every order reaches its final status without it. When it starts,
 * it reads on from its consumer group's committed offsets and sends each missed notification once.
 */
@SystemTest
@Order(5)
@DisplayName("5. The notification service is down while orders flow, then catches up")
class NotificationOutageIT {

    @Test
    void sendsEveryMissedNotificationExactlyOnceAfterItStarts(RunningSystem system) {
        var scenario = Scenario.begin(system, 5, "Notification service down while orders flow, then started")
                .stockUp(1000, 10);
        system.process(NOTIFICATION).stop();

        var load = scenario.load(Load.Plan.of(150).customers(6).cancelling(0.15));
        load.awaitFinished();
        scenario.awaitEveryOrderFinal(Duration.ofMinutes(1));
        var ready = system.restart(NOTIFICATION);
        scenario.note("every order final without it; notification service ready %.1f s after its start", ready);

        scenario.assertBooksBalance(Duration.ofMinutes(2));
    }
}
