package dev.foodorder.systemtest;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
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
 */
final class Load {

    private static final int END = -1;
    private static final Duration TURN_TIMEOUT = Duration.ofMinutes(1);

    /**
     * @param orders          how many orders, in all
     * @param customers       how many customers place them at the same time
     * @param cancelShare     the chance that a customer cancels one of their orders after placing one
     * @param ordersPerSecond the pace of the whole load; 0 for as fast as the system answers
     * @param seed            of the customers' choices
     */
    record Plan(int orders, int customers, double cancelShare, double ordersPerSecond, long seed) {

        static Plan of(int orders) {
            return new Plan(orders, 8, 0, 0, 7);
        }

        Plan customers(int count) {
            return new Plan(orders, count, cancelShare, ordersPerSecond, seed);
        }

        Plan cancelling(double share) {
            return new Plan(orders, customers, share, ordersPerSecond, seed);
        }

        Plan paced(double perSecond) {
            return new Plan(orders, customers, cancelShare, perSecond, seed);
        }
    }

    private final Scenario scenario;
    private final Plan plan;
    private final List<String> menu;
    private final BlockingQueue<Integer> turns = new LinkedBlockingQueue<>();
    private final AtomicInteger answered = new AtomicInteger();
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

        /** The order just placed half of the time (it races the inventory's answer), an older one otherwise. */
        private void cancelOne() {
            var orderId = choices.chance(0.5) ? placed.getLast() : choices.pick(placed);
            try {
                var response = scenario.orders().cancel(orderId);
                switch (response.status()) {
                    case 200 -> scenario.cancelled(orderId);
                    // Rejected, or cancelled by an earlier turn: final orders cannot be cancelled.
                    case 409 -> { }
                    default -> scenario.failed("POST /api/orders/%s/cancel answered %s".formatted(orderId, response));
                }
            } catch (UncheckedIOException e) {
                scenario.failed("POST /api/orders/%s/cancel failed: %s".formatted(orderId, e.getCause()));
            }
        }
    }
}
