package dev.foodorder.notification.delivery;

import dev.foodorder.notification.NotificationProperties;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** When to try a failed delivery again: exponential back-off, capped, for a bounded number of attempts. */
record RetryPolicy(Duration initialBackOff, double multiplier, Duration maxBackOff, int maxAttempts) {

    static RetryPolicy of(NotificationProperties.Delivery settings) {
        return new RetryPolicy(settings.initialBackOff(), settings.multiplier(), settings.maxBackOff(),
                settings.maxAttempts());
    }

    /**
     * @param attempts attempts made so far, the failed one included
     * @return when to make the next attempt, or empty when none is left
     */
    Optional<Instant> nextAttempt(int attempts, Instant failedAt) {
        if (attempts >= maxAttempts) {
            return Optional.empty();
        }
        var millis = initialBackOff.toMillis() * Math.pow(multiplier, Math.max(0, attempts - 1));
        return Optional.of(failedAt.plusMillis((long) Math.min(millis, maxBackOff.toMillis())));
    }
}
