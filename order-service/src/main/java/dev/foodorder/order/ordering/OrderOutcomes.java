package dev.foodorder.order.ordering;

import dev.foodorder.events.OrderId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Lets a request wait for an order to leave PENDING, and answers as soon as it does: how a
 * synchronous client gets the outcome of an asynchronous flow (see ADR 0005).
 *
 * <p>A waiting request blocks its (virtual) thread. It is woken at once when this instance commits
 * the order's change, and re-reads its status every {@code orders.waiting.poll-interval} in case another
 * instance committed it. No database connection is held while it waits. At most
 * {@code orders.waiting.max-waiters} requests wait at once: waits stay outside admission control (a
 * placed order's wait costs no work), so they are bounded here, and a request beyond the bound is
 * answered without waiting.
 */
@Component
class OrderOutcomes {

    private final ConcurrentMap<OrderId, Set<CountDownLatch>> waiting = new ConcurrentHashMap<>();
    private final OrderService orders;
    private final Duration pollInterval;
    private final Semaphore places;
    private final Counter refused;

    OrderOutcomes(OrderService orders, OrderingProperties properties, MeterRegistry meters) {
        this.orders = orders;
        this.pollInterval = properties.waiting().pollInterval();
        var maxWaiters = properties.waiting().maxWaiters();
        this.places = new Semaphore(maxWaiters);
        Gauge.builder("orders.waiting.requests", places, free -> maxWaiters - free.availablePermits())
                .description("Requests waiting for an order's outcome").register(meters);
        this.refused = Counter.builder("orders.waiting.refused")
                .description("Requests that asked to wait and were answered at once: as many were waiting as allowed")
                .register(meters);
    }

    /**
     * The order as soon as it is no longer PENDING, or as it is when the wait is over; empty, at once,
     * if as many requests wait as allowed.
     */
    Optional<OrderDetails> await(OrderId id, Duration wait) {
        if (!places.tryAcquire()) {
            refused.increment();
            return Optional.empty();
        }
        try {
            return Optional.of(awaitOutcome(id, wait));
        } finally {
            places.release();
        }
    }

    private OrderDetails awaitOutcome(OrderId id, Duration wait) {
        var deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            // Listen before reading, so that a change committed in between is not missed.
            var changed = listen(id);
            try {
                var remaining = deadline - System.nanoTime();
                if (orders.status(id) != OrderStatus.PENDING || remaining <= 0) {
                    break;
                }
                changed.await(Math.min(remaining, pollInterval.toNanos()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } finally {
                stopListening(id, changed);
            }
        }
        return orders.find(id);
    }

    @TransactionalEventListener
    void on(OrderStatusChanged change) {
        var latches = waiting.remove(change.orderId());
        if (latches != null) {
            latches.forEach(CountDownLatch::countDown);
        }
    }

    private CountDownLatch listen(OrderId id) {
        var latch = new CountDownLatch(1);
        waiting.compute(id, (key, latches) -> {
            var listening = latches != null ? latches : ConcurrentHashMap.<CountDownLatch>newKeySet();
            listening.add(latch);
            return listening;
        });
        return latch;
    }

    private void stopListening(OrderId id, CountDownLatch latch) {
        waiting.computeIfPresent(id, (key, latches) -> {
            latches.remove(latch);
            return latches.isEmpty() ? null : latches;
        });
    }
}
