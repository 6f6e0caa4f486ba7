package dev.foodorder.notification.delivery;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RetryPolicyTest {

    private static final Instant FAILED_AT = Instant.parse("2026-11-23T12:00:00Z");

    private final RetryPolicy policy = new RetryPolicy(Duration.ofSeconds(10), 2.0, Duration.ofMinutes(1), 5);

    @Test
    void waitsLongerAfterEachFailedAttempt() {
        assertThat(policy.nextAttempt(1, FAILED_AT)).contains(FAILED_AT.plusSeconds(10));
        assertThat(policy.nextAttempt(2, FAILED_AT)).contains(FAILED_AT.plusSeconds(20));
        assertThat(policy.nextAttempt(3, FAILED_AT)).contains(FAILED_AT.plusSeconds(40));
    }

    @Test
    void neverWaitsLongerThanTheLongestBackOff() {
        assertThat(policy.nextAttempt(4, FAILED_AT)).contains(FAILED_AT.plusSeconds(60));
    }

    @Test
    void givesUpWhenTheAttemptsAreUsedUp() {
        assertThat(policy.nextAttempt(5, FAILED_AT)).isEmpty();
        assertThat(policy.nextAttempt(6, FAILED_AT)).isEmpty();
    }
}
