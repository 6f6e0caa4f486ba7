package dev.foodorder.order.ordering;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Counts orders by the status they reached ({@code orders.placed}, {@code orders.confirmed}, ...)
 * and times how long they stayed PENDING ({@code orders.time.to.outcome}), once each change commits.
 */
@Component
class OrderMetrics {

    private final Map<OrderStatus, Counter> reached = new EnumMap<>(OrderStatus.class);
    private final Map<OrderStatus, Timer> timeToOutcome = new EnumMap<>(OrderStatus.class);

    OrderMetrics(MeterRegistry registry) {
        for (var status : OrderStatus.values()) {
            var name = status == OrderStatus.PENDING ? "placed" : status.name().toLowerCase(Locale.ROOT);
            reached.put(status, Counter.builder("orders." + name)
                    .description("Orders that reached status " + status)
                    .register(registry));
            if (status != OrderStatus.PENDING) {
                timeToOutcome.put(status, Timer.builder("orders.time.to.outcome")
                        .description("Time from placement to the inventory's answer, or to a cancellation while pending")
                        .tag("outcome", name)
                        .publishPercentileHistogram()
                        .minimumExpectedValue(Duration.ofMillis(1))
                        .maximumExpectedValue(Duration.ofMinutes(1))
                        .register(registry));
            }
        }
    }

    @TransactionalEventListener
    void on(OrderStatusChanged change) {
        reached.get(change.to()).increment();
        if (change.leftPending()) {
            timeToOutcome.get(change.to()).record(Duration.between(change.placedAt(), change.at()));
        }
    }
}
