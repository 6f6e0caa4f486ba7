package dev.foodorder.order.ordering;

import dev.foodorder.service.api.Backpressure;
import jakarta.servlet.http.HttpServletRequest;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Backpressure from the whole flow to the API. An order is settled only when the inventory has
 * answered, and the flow settles a bounded number of orders per second; an API that takes orders
 * faster than that only lengthens every customer's wait, without bound. So when more orders wait
 * for their answer than {@code orders.pending.max}, a new one is refused with 503 and
 * {@code Retry-After} by {@link dev.foodorder.service.api.AdmissionControl}, before its body is read, until the flow catches up: the orders taken are settled within about
 * max / throughput seconds, and a consumer that is down stops the intake once the limit is reached
 * rather than piling up hours of work. The count is kept in memory, from the orders this instance
 * placed and settled; every {@code orders.pending.refresh} it is corrected from the database, which
 * brings in what the other instances placed and settled.
 */
@Component
class PendingOrders implements Backpressure {

    private static final Logger log = LoggerFactory.getLogger(PendingOrders.class);

    private final Orders orders;
    private final long max;
    private final long refreshNanos;
    // Not synchronized: a virtual thread would pin its carrier while the query runs (JDK 21-23).
    private final ReentrantLock counting = new ReentrantLock();
    /** Pending orders in the database at the last count. */
    private volatile long counted;
    /** Orders this instance placed, less those it settled or cancelled, since the last count. */
    private final AtomicLong since = new AtomicLong();
    private volatile long countedAt = System.nanoTime() - Long.MAX_VALUE / 2;

    PendingOrders(Orders orders, MeterRegistry meters, @Value("${orders.pending.max:300}") long max,
                  @Value("${orders.pending.refresh:1s}") Duration refresh) {
        this.orders = orders;
        this.max = max;
        this.refreshNanos = refresh.toNanos();
        Gauge.builder("orders.pending", this, PendingOrders::count)
                .description("Orders waiting for the inventory's answer").register(meters);
    }

    /** Placing an order, while too many wait for their answer: refused before its body is read. */
    @Override
    public Optional<String> refusal(HttpServletRequest request) {
        if (!"POST".equals(request.getMethod()) || !"/api/orders".equals(request.getRequestURI()) || current() < max) {
            return Optional.empty();
        }
        return Optional.of("%d orders are waiting for the inventory's answer; retry in a moment.".formatted(count()));
    }

    @Override
    public String reason() {
        return "pending-orders";
    }

    @TransactionalEventListener
    void on(OrderStatusChanged change) {
        if (change.from() == null) {
            since.incrementAndGet();
        } else if (change.leftPending()) {
            since.decrementAndGet();
        }
    }

    private long count() {
        return counted + since.get();
    }

    private long current() {
        // One request counts; the others go on with the count they have rather than queue for a connection.
        if (System.nanoTime() - countedAt >= refreshNanos && counting.tryLock()) {
            try {
                // What changed here before the query is in its result; what changed during it may be
                // counted twice or not at all, until the next count.
                var before = since.get();
                counted = orders.countByStatus(OrderStatus.PENDING);
                since.addAndGet(-before);
                countedAt = System.nanoTime();
            } catch (DataAccessException e) {
                // Admission control asks in a filter, before any handler: a failure here would be a bare 500.
                // The count kept in memory will do until the database answers; the request itself then
                // meets the database and gets its 503.
                log.debug("Pending orders not counted, keeping {}: {}", count(), e.toString());
            } finally {
                counting.unlock();
            }
        }
        return count();
    }
}
