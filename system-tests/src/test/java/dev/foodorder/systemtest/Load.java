package dev.foodorder.systemtest;

import dev.foodorder.systemtest.OrderApi.NewOrder;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;

/**
 * Customers placing orders at the same time, each on a thread of its own, and now and then
 * cancelling one of their orders: sometimes the one just placed, racing the inventory's answer.
 * Bounded in count; paced when a scenario needs the load to go on while it breaks something.
 * Every answer that is not the expected one is a failure of the scenario.
 *
 * <p>Where a scenario takes the order service or its database away, the customers are
 * {@linkplain Plan#retrying() careful clients}: each order goes with an {@code Idempotency-Key}, and
 * an answer that leaves its fate open (a 5xx, a refused or dropped connection) makes the customer
 * send it again with the same key until it is accepted. Such refusals are counted by kind, for the
 * scenario to judge, not failed; a retry that finds its order placed by an earlier attempt is counted
 * as replayed.
 */
final class Load {

    private static final int END = -1;
    private static final Duration TURN_TIMEOUT = Duration.ofMinutes(1);
    private static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    /** How long a careful customer keeps sending one order again before the scenario counts it failed. */
    private static final Duration GIVE_UP_AFTER = Duration.ofMinutes(2);
    private static final Duration RETRY_AFTER_A_FAILED_CONNECTION = Duration.ofSeconds(1);

    /**
     * @param orders          how many orders, in all
     * @param customers       how many customers place them at the same time
     * @param cancelShare     the chance that a customer cancels one of their orders after placing one
     * @param ordersPerSecond the pace of the whole load; 0 for as fast as the system answers
     * @param seed            of the customers' choices
     * @param retries         whether the customers send an order again (with its Idempotency-Key) after a refusal
     */
    record Plan(int orders, int customers, double cancelShare, double ordersPerSecond, long seed, boolean retries) {

        static Plan of(int orders) {
            return new Plan(orders, 8, 0, 0, 7, false);
        }

        Plan customers(int count) {
            return new Plan(orders, count, cancelShare, ordersPerSecond, seed, retries);
        }

        Plan cancelling(double share) {
            return new Plan(orders, customers, share, ordersPerSecond, seed, retries);
        }

        Plan paced(double perSecond) {
            return new Plan(orders, customers, cancelShare, perSecond, seed, retries);
        }

        /**
         * Customers who get through an outage as a careful client does: every order with an
         * Idempotency-Key, sent again with it after a 5xx (once its Retry-After has passed) or a
         * connection that failed, until it is accepted. A cancellation refused that way is given up.
         */
        Plan retrying() {
            return new Plan(orders, customers, cancelShare, ordersPerSecond, seed, true);
        }
    }

    private final Scenario scenario;
    private final Plan plan;
    private final List<String> menu;
    private final BlockingQueue<Integer> turns = new LinkedBlockingQueue<>();
    private final AtomicInteger answered = new AtomicInteger();
    /** Answers that left a request's fate open, by request and answer; each followed by a retry of an order. */
    private final Map<String, AtomicInteger> refusals = new ConcurrentHashMap<>();
    private final AtomicInteger replayed = new AtomicInteger();
    private final long startedAt = System.nanoTime();
    private volatile long lastAnsweredAt = startedAt;
    private final List<Thread> customers = new ArrayList<>();
    private final ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("load-pacer").daemon().factory());

    private Load(Scenario scenario, Plan plan, List<String> menu) {
        this.scenario = scenario;
        this.plan = plan;
        this.menu = menu;
    }

    static Load start(Scenario scenario, Plan plan, List<String> menu) {
        var load = new Load(scenario, plan, menu);
        load.begin();
        return load;
    }

    private void begin() {
        if (plan.ordersPerSecond() <= 0) {
            for (int i = 0; i < plan.orders(); i++) {
                turns.add(i);
            }
            endTurns();
        } else {
            var next = new AtomicInteger();
            var period = Math.round(1_000_000 / plan.ordersPerSecond());
            pacer.scheduleAtFixedRate(() -> {
                int turn = next.getAndIncrement();
                if (turn < plan.orders()) {
                    turns.add(turn);
                } else {
                    endTurns();
                    pacer.shutdown();
                }
            }, 0, period, TimeUnit.MICROSECONDS);
        }
        for (int i = 0; i < plan.customers(); i++) {
            var customer = new Customer(scenario.customer(i), new RandomOrders(menu, plan.seed() * 1_000 + i));
            customers.add(Thread.ofVirtual().name("customer-" + i).start(customer::run));
        }
    }

    private void endTurns() {
        for (int i = 0; i < plan.customers(); i++) {
            turns.add(END);
        }
    }

    /** How many orders have been answered so far, whatever the answer. */
    int answered() {
        return answered.get();
    }

    /**
     * The answers that left a request's fate open, by request and answer ({@code "POST /api/orders: 503
     * application/problem+json"}, {@code "...: connection refused"}); only a {@linkplain Plan#retrying()
     * retrying} load has any.
     */
    Map<String, Integer> refusals() {
        var counts = new TreeMap<String, Integer>();
        refusals.forEach((answer, count) -> counts.put(answer, count.get()));
        return counts;
    }

    int refused() {
        return refusals.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /**
     * Orders accepted on a retry as already placed ({@code Idempotent-Replayed}): an earlier attempt
     * had placed them although its customer never heard so.
     */
    int replayed() {
        return replayed.get();
    }

    /** From the start of the load to its last answer. */
    double seconds() {
        return (lastAnsweredAt - startedAt) / 1e9;
    }

    /** Orders answered per second, over the whole load. */
    double ordersPerSecond() {
        return answered.get() / Math.max(seconds(), 1e-3);
    }

    void awaitAnswered(int count) {
        await("%d of %d orders answered".formatted(count, plan.orders()))
                .atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50))
                .until(() -> answered.get() >= count || isFinished());
    }

    /**
     * Ends the load before its count: no order is started from now on, and the customers finish the
     * one in hand. For a scenario whose fault lasts as long as it lasts.
     */
    void end() {
        pacer.shutdownNow();
        turns.clear();
        endTurns();
    }

    /** Waits for every customer to be done. */
    void awaitFinished() {
        await("the load of %d orders to finish".formatted(plan.orders()))
                .atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100))
                .until(this::isFinished);
        pacer.shutdownNow();
    }

    private boolean isFinished() {
        return customers.stream().noneMatch(Thread::isAlive);
    }

    private final class Customer {

        private final String id;
        private final RandomOrders choices;
        private final List<UUID> placed = new ArrayList<>();
        private int ordersSoFar;

        Customer(String id, RandomOrders choices) {
            this.id = id;
            this.choices = choices;
        }

        void run() {
            try {
                Integer turn;
                while ((turn = turns.poll(TURN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) != null && turn != END) {
                    placeOne();
                    if (!placed.isEmpty() && choices.chance(plan.cancelShare())) {
                        cancelOne();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void placeOne() {
            var order = choices.next(id);
            try {
                if (plan.retries()) {
                    placeUntilAccepted(order, "%s-order-%d".formatted(id, ++ordersSoFar));
                    return;
                }
                var response = scenario.orders().place(order);
                if (response.status() == 202) {
                    var placedOrder = scenario.placed(response, order);
                    placed.add(placedOrder.id());
                } else {
                    scenario.failed("POST /api/orders answered " + response);
                }
            } catch (UncheckedIOException e) {
                scenario.failed("POST /api/orders failed: " + e.getCause());
            } finally {
                answered.incrementAndGet();
                lastAnsweredAt = System.nanoTime();
            }
        }

        /**
         * Sends the order, and again with the same key after each answer that leaves its fate open
         * (a 5xx, or no answer at all), until it is accepted. Which of those answers are fair is for
         * the scenario to judge from {@link #refusals()}; a 4xx is a failure at once.
         */
        private void placeUntilAccepted(NewOrder order, String key) {
            var giveUpAt = System.nanoTime() + GIVE_UP_AFTER.toNanos();
            while (true) {
                Duration wait;
                try {
                    var response = scenario.orders().place(order, IDEMPOTENCY_KEY, key);
                    if (response.status() == 202 || response.status() == 201) {
                        placed.add(scenario.placed(response, order).id());
                        if (response.header("Idempotent-Replayed").isPresent()) {
                            replayed.incrementAndGet();
                        }
                        return;
                    }
                    if (response.status() < 500) {
                        scenario.failed("POST /api/orders (%s: %s) answered %s".formatted(IDEMPOTENCY_KEY, key, response));
                        return;
                    }
                    countRefusal("POST /api/orders", response.kind());
                    wait = response.header("Retry-After").map(seconds -> Duration.ofSeconds(Long.parseLong(seconds)))
                            .orElse(RETRY_AFTER_A_FAILED_CONNECTION);
                } catch (UncheckedIOException e) {
                    countRefusal("POST /api/orders", Http.noAnswer(e));
                    wait = RETRY_AFTER_A_FAILED_CONNECTION;
                }
                if (System.nanoTime() - giveUpAt > 0) {
                    scenario.failed("POST /api/orders (%s: %s) not accepted within %s".formatted(IDEMPOTENCY_KEY, key, GIVE_UP_AFTER));
                    return;
                }
                try {
                    // The client's own pace between attempts, as the server asked for: not a wait for a condition.
                    Thread.sleep(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        /** The order just placed half of the time (it races the inventory's answer), an older one otherwise. */
        private void cancelOne() {
            var orderId = choices.chance(0.5) ? placed.getLast() : choices.pick(placed);
            try {
                var response = scenario.orders().cancel(orderId);
                switch (response.status()) {
                    case 200 -> scenario.cancelled(orderId);
                    // Rejected, or cancelled by an earlier turn: final orders cannot be cancelled.
                    case 409 -> { }
                    default -> {
                        if (plan.retries() && response.status() >= 500) {
                            countRefusal("POST /api/orders/{id}/cancel", response.kind());
                        } else {
                            scenario.failed("POST /api/orders/%s/cancel answered %s".formatted(orderId, response));
                        }
                    }
                }
            } catch (UncheckedIOException e) {
                if (plan.retries()) {
                    // The cancellation may or may not have happened: the books accept either.
                    countRefusal("POST /api/orders/{id}/cancel", Http.noAnswer(e));
                } else {
                    scenario.failed("POST /api/orders/%s/cancel failed: %s".formatted(orderId, e.getCause()));
                }
            }
        }
    }

    private void countRefusal(String request, String answer) {
        refusals.computeIfAbsent(request + ": " + answer, key -> new AtomicInteger()).incrementAndGet();
    }
}
