package dev.foodorder.order.ordering;

import dev.foodorder.service.api.Backpressure;
import jakarta.servlet.http.HttpServletRequest;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Backpressure from the whole flow to the API. An order is settled only when the inventory has
 * answered, and the flow settles a bounded number of orders per second; an API that takes orders
 * faster than that only lengthens every customer's wait, without bound. So when more orders wait
 * for their answer than {@code orders.pending.max}, a new one is refused with 503 and
 * {@code Retry-After} by {@link dev.foodorder.service.api.AdmissionControl}, before its body is read, until the flow catches up: the orders taken are settled within about
 * max / throughput seconds, and a consumer that is down stops the intake once the limit is reached
 * rather than piling up hours of work. The count covers every instance (it is read from the
 * database), at most every {@code orders.pending.refresh}.
 */
@Component
class PendingOrders implements Backpressure {

    private final Orders orders;
    private final long max;
    private final long refreshNanos;
    // Not synchronized: a virtual thread would pin its carrier while the query runs (JDK 21-23).
    private final ReentrantLock counting = new ReentrantLock();
    private volatile long count;
    private volatile long countedAt = System.nanoTime() - Long.MAX_VALUE / 2;

    PendingOrders(Orders orders, MeterRegistry meters, @Value("${orders.pending.max:300}") long max,
                  @Value("${orders.pending.refresh:200ms}") Duration refresh) {
        this.orders = orders;
        this.max = max;
        this.refreshNanos = refresh.toNanos();
        Gauge.builder("orders.pending", this, pending -> pending.count)
                .description("Orders waiting for the inventory's answer, as last counted").register(meters);
    }

    /** Placing an order, while too many wait for their answer: refused before its body is read. */
    @Override
    public Optional<String> refusal(HttpServletRequest request) {
        if (!"POST".equals(request.getMethod()) || !"/api/orders".equals(request.getRequestURI()) || current() < max) {
            return Optional.empty();
        }
        return Optional.of("%d orders are waiting for the inventory's answer; retry in a moment.".formatted(count));
    }

    private long current() {
        if (System.nanoTime() - countedAt < refreshNanos) {
            return count;
        }
        // One request counts; the others go on with the last count rather than queue for a connection.
        if (counting.tryLock()) {
            try {
                count = orders.countByStatus(OrderStatus.PENDING);
                countedAt = System.nanoTime();
            } finally {
                counting.unlock();
            }
        }
        return count;
    }
}
