package dev.foodorder.systemtest;

import dev.foodorder.events.Topics;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static dev.foodorder.systemtest.RunningSystem.INVENTORY;
import static dev.foodorder.systemtest.RunningSystem.NOTIFICATION;
import static dev.foodorder.systemtest.RunningSystem.ORDER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenario 13: PostgreSQL is stopped for 20 s under load, then started again. Every service's
 * database lives on that one server, so they all lose theirs at once. Customers keep ordering as
 * careful clients do: an order refused while the database is away is sent again with its
 * Idempotency-Key. The orders accepted before stay and settle after the restart; every consumer
 * holds its record and retries it until the database answers again, so nothing is parked in a
 * dead-letter topic for it. What each service answers meanwhile is recorded.
 */
@SystemTest
@Order(13)
@DisplayName("13. PostgreSQL is stopped for 20 s under load, then started again")
class DatabaseOutageIT {

    private static final Duration OUTAGE = Duration.ofSeconds(20);
    private static final Duration PROBE_EVERY = Duration.ofSeconds(1);
    private static final List<String> WITH_A_DATABASE = List.of(ORDER, INVENTORY, NOTIFICATION);
    private static final List<String> DEAD_LETTER_TOPICS = Topics.all().stream().map(Topics::deadLetter).toList();
    /**
     * What the order service answers a careful client while its database is away: 503, its word for
     * "not now", as problem+json. (It once answered some orders 500: docs/reliability.md's findings.)
     */
    private static final String ANSWER_WHILE_AWAY = "503 application/problem+json";

    @Test
    void ordersAcceptedBeforeTheOutageSettleAfterItAndNothingIsDeadLettered(RunningSystem system) throws InterruptedException {
        var scenario = Scenario.begin(system, 13, "PostgreSQL stopped for 20 s under load, then started")
                .stockUp(1000, 10);
        var parkedBefore = parked(system);
        var load = scenario.load(Load.Plan.of(240).customers(6).cancelling(0.1).paced(8).retrying());

        load.awaitAnswered(40);
        var acceptedBefore = load.answered();
        var anOrderAcceptedBefore = scenario.orders().ofCustomer(scenario.customer(0)).getFirst().orderId();
        var customer = scenario.customer(1);
        var probes = List.of(
                new Probe("order service: GET /api/orders/{id}", () -> system.orders().http().get("/api/orders/" + anOrderAcceptedBefore)),
                new Probe("order service: readiness", () -> system.http(ORDER).actuator("/actuator/health/readiness")),
                new Probe("inventory: GET /api/inventory", () -> system.http(INVENTORY).get("/api/inventory")),
                new Probe("inventory: readiness", () -> system.http(INVENTORY).actuator("/actuator/health/readiness")),
                new Probe("notifications: GET /api/notifications", () -> system.http(NOTIFICATION).get("/api/notifications?customerId=" + customer)),
                new Probe("notifications: readiness", () -> system.http(NOTIFICATION).actuator("/actuator/health/readiness")));

        var stoppedAt = System.nanoTime();
        system.postgres().stop();
        var away = new AtomicBoolean(true);
        var probing = probes.stream().map(probe -> Thread.ofVirtual().name("probe").start(() -> probe.runWhile(away))).toList();
        // The fault itself, held for a fixed time while the load goes on: not a wait for a condition.
        Thread.sleep(OUTAGE);
        var acceptedWhileAway = load.answered() - acceptedBefore;
        away.set(false);
        system.postgres().start();
        var downFor = (System.nanoTime() - stoppedAt) / 1e9;
        for (var thread : probing) {
            // A request in flight is answered once the database is back, or times out (30 s).
            thread.join(Duration.ofSeconds(40));
        }
        load.awaitFinished();
        scenario.note("PostgreSQL down %.1f s; %d orders accepted before, %d while it was away; careful clients were refused %s "
                        + "and sent their orders again with their Idempotency-Key (%d found already placed); while it was away: %s",
                downFor, acceptedBefore, acceptedWhileAway, load.refusals(), load.replayed(),
                probes.stream().map(Probe::toString).collect(Collectors.joining(", ")));

        scenario.assertBooksBalance(Duration.ofMinutes(3));
        assertThat(load.refusals().keySet()).as("what the order service answered while the database was away")
                .allMatch(refusal -> refusal.endsWith(ANSWER_WHILE_AWAY));
        assertThat(parked(system)).as("records parked in a dead-letter topic (counter events.dead.lettered of %s, and each "
                + "dead-letter topic's end offsets) because the database was away", WITH_A_DATABASE).isEqualTo(parkedBefore);
    }

    /** What was parked so far: each service's count of dead-lettered records, and where each dead-letter topic ends. */
    private static Map<String, Object> parked(RunningSystem system) {
        var parked = new TreeMap<String, Object>();
        WITH_A_DATABASE.forEach(name -> parked.put(name + " events.dead.lettered", system.http(name).counter("events.dead.lettered")));
        try (var groups = new ConsumerGroups(system.kafkaClient())) {
            DEAD_LETTER_TOPICS.forEach(topic -> parked.put(topic, groups.endOffsets(topic)));
        }
        return parked;
    }

    /** One request, sent again and again while the database is away: the answers it got, and the slowest. */
    private static final class Probe {

        private final String name;
        private final Supplier<Http.Response> request;
        private final Map<String, Integer> answers = new TreeMap<>();
        private double slowestSeconds;

        Probe(String name, Supplier<Http.Response> request) {
            this.name = name;
            this.request = request;
        }

        void runWhile(AtomicBoolean away) {
            while (away.get()) {
                var started = System.nanoTime();
                String answer;
                try {
                    answer = request.get().kind();
                } catch (UncheckedIOException e) {
                    answer = Http.noAnswer(e);
                }
                record(answer, (System.nanoTime() - started) / 1e9);
                try {
                    // The probe's own pace, not a wait for a condition.
                    Thread.sleep(PROBE_EVERY);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        private synchronized void record(String answer, double seconds) {
            answers.merge(answer, 1, Integer::sum);
            slowestSeconds = Math.max(slowestSeconds, seconds);
        }

        @Override
        public synchronized String toString() {
            var counted = new ArrayList<String>();
            answers.forEach((answer, count) -> counted.add(count + "× " + answer));
            return "%s %s (slowest %.1f s)".formatted(name, counted, slowestSeconds);
        }
    }
}
