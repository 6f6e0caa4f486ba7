package dev.foodorder.order.ordering;

import dev.foodorder.service.api.TooManyRequestsException;
import dev.foodorder.service.security.Caller;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many orders a customer may place: a bucket of {@code orders.placement-limit.burst} orders per
 * customer, refilled at {@code per-minute} a minute. A customer's app that loops, or a stolen customer
 * token, gets 429 with Retry-After instead of flooding the kitchen and the customer's mailbox. Staff,
 * who place orders for customers they name, are not limited here: admission control bounds everyone.
 *
 * <p>Counted per instance, in memory: with n instances a customer may place up to n times as many. A
 * bucket that has refilled is forgotten when the map grows past {@code max-customers}.
 */
@Component
class PlacementLimit {

    private final OrderingProperties.PlacementLimit settings;
    private final Clock clock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    @Autowired
    PlacementLimit(OrderingProperties properties) {
        this(properties.placementLimit(), Clock.systemUTC());
    }

    PlacementLimit(OrderingProperties.PlacementLimit settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /** @throws TooManyRequestsException if the calling customer has placed as many orders as the limit allows for now */
    void admit(Caller caller) {
        var customer = caller.customerId().filter(id -> !caller.isStaff());
        if (customer.isEmpty()) {
            return;
        }
        var now = clock.millis();
        if (buckets.size() >= settings.maxCustomers()) {
            buckets.values().removeIf(bucket -> bucket.isFull(now));
        }
        var waitMillis = buckets.computeIfAbsent(customer.get(), id -> new Bucket(settings.burst(), now)).take(now);
        if (waitMillis > 0) {
            throw new TooManyRequestsException("This customer has placed %d orders in a short time: at most %d a minute."
                    .formatted(settings.burst(), settings.perMinute()), Math.max(1, (waitMillis + 999) / 1000));
        }
    }

    /** Orders a customer may place now, refilled one every 60 s / perMinute. */
    private final class Bucket {

        private double orders;
        private long updated;

        Bucket(int orders, long now) {
            this.orders = orders;
            this.updated = now;
        }

        /** @return 0 if an order was taken, else the milliseconds until one can be */
        synchronized long take(long now) {
            refill(now);
            if (orders >= 1) {
                orders--;
                return 0;
            }
            return (long) Math.ceil((1 - orders) * millisPerOrder());
        }

        synchronized boolean isFull(long now) {
            refill(now);
            return orders >= settings.burst();
        }

        private void refill(long now) {
            orders = Math.min(settings.burst(), orders + (now - updated) / millisPerOrder());
            updated = now;
        }

        private double millisPerOrder() {
            return 60_000.0 / settings.perMinute();
        }
    }
}
