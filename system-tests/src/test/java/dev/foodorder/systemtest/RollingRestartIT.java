package dev.foodorder.systemtest;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static dev.foodorder.systemtest.RunningSystem.ANALYTICS;
import static dev.foodorder.systemtest.RunningSystem.INVENTORY;
import static dev.foodorder.systemtest.RunningSystem.NOTIFICATION;
import static dev.foodorder.systemtest.RunningSystem.ORDER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenario 16: a rolling restart, as a deployment of a new version does it: each service in turn is
 * stopped gracefully (SIGTERM) and started again, the next one only once it is ready, while
 * customers keep ordering and cancelling. They are careful clients: while the order service is
 * away they meet refused connections (or a 503), and send their orders again with their
 * Idempotency-Key. Nothing is lost, nothing is done twice, and the read side counts every order.
 */
@SystemTest
@Order(16)
@DisplayName("16. Every service is restarted in turn (SIGTERM, then start) under load")
class RollingRestartIT {

    private static final List<String> IN_TURN = List.of(ORDER, INVENTORY, NOTIFICATION, ANALYTICS);
    /** What a client may meet while the order service stops and starts; never a 500, never an order lost. */
    private static final Set<String> FAIR_REFUSALS = Set.of("connection refused", "connection closed without an answer",
            "503 application/problem+json");
    /** Orders answered between one restart and the next, so that each service comes back to traffic. */
    private static final int BETWEEN_RESTARTS = 10;

    @Test
    void nothingIsLostOrDoneTwiceWhileEveryServiceIsRestartedInTurn(RunningSystem system) {
        var scenario = Scenario.begin(system, 16, "Rolling restart of every service under load (SIGTERM, then start)")
                .stockUp(1000, 10);
        // More orders than the restarts take at this pace: the load is ended once they are done.
        var load = scenario.load(Load.Plan.of(1000).customers(6).cancelling(0.1).paced(5).retrying());

        load.awaitAnswered(BETWEEN_RESTARTS);
        var restarts = new ArrayList<String>();
        for (var name : IN_TURN) {
            var stoppedAt = System.nanoTime();
            system.process(name).stop();
            var stopped = (System.nanoTime() - stoppedAt) / 1e9;
            var ready = system.restart(name);
            restarts.add("%s stopped in %.1f s, ready %.1f s after its start".formatted(name, stopped, ready));
            load.awaitAnswered(load.answered() + BETWEEN_RESTARTS);
        }
        load.end();
        load.awaitFinished();
        scenario.note("%s; %.1f orders/s throughout; careful clients were refused %s and sent their orders again with their "
                + "Idempotency-Key, %d of them found already placed", String.join(", ", restarts), load.ordersPerSecond(),
                load.refusals(), load.replayed());

        scenario.assertBooksBalance(Duration.ofMinutes(2));
        assertThat(load.refusals().keySet()).as("what clients met while the order service stopped and started")
                .allMatch(refusal -> FAIR_REFUSALS.stream().anyMatch(refusal::endsWith));
        await("the analytics to count every order in its status").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(system.analytics().ordersByStatus()).contains(system.orders().countByStatus()));
    }
}
