package dev.foodorder.systemtest;

import dev.foodorder.infrastructure.Directories;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static dev.foodorder.systemtest.RunningSystem.ANALYTICS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenario 11: the read side agrees with the order service's own records. A burst of orders with
 * cancellations flows while the analytics service is killed (SIGKILL) and started again; then its
 * state directory is emptied and it rebuilds every view from the topics. Each time it counts every
 * order the order service has, in the same status: exactly once, whatever happened to it.
 */
@SystemTest
@Order(11)
@DisplayName("11. The analytics agree with the order service, after a kill and after losing their state")
class AnalyticsIT {

    private static final Duration AGREES_WITHIN = Duration.ofMinutes(2);

    @Test
    void countsEveryOrderInItsStatusThroughAKillAndARebuild(RunningSystem system) {
        var scenario = Scenario.begin(system, 11, "Analytics service killed mid-load, then its state emptied")
                .stockUp(1000, 10);
        var load = scenario.load(Load.Plan.of(300).customers(10).cancelling(0.2).paced(60));

        load.awaitAnswered(100);
        system.process(ANALYTICS).kill();
        load.awaitAnswered(200);
        var restarted = system.restart(ANALYTICS);
        load.awaitFinished();
        scenario.awaitEveryOrderFinal(Duration.ofMinutes(2));
        var afterKill = awaitAgreement(system, "after the kill");

        system.process(ANALYTICS).stop();
        Directories.deleteRecursively(system.analyticsState());
        var rebuilt = system.restart(ANALYTICS);
        awaitAgreement(system, "after a rebuild from an empty state directory");

        scenario.note("analytics ready %.1f s after the kill and %.1f s after losing its state, agreeing each time on %s",
                restarted, rebuilt, afterKill);
        scenario.assertBooksBalance(Duration.ofMinutes(2));
    }

    private static Map<String, Long> awaitAgreement(RunningSystem system, String when) {
        await("the analytics count every order in its status " + when)
                .atMost(AGREES_WITHIN).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(system.analytics().ordersByStatus()).contains(system.orders().countByStatus()));
        return system.orders().countByStatus();
    }
}
