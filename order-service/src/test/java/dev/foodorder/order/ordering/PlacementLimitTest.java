package dev.foodorder.order.ordering;

import dev.foodorder.service.api.TooManyRequestsException;
import dev.foodorder.service.security.Caller;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlacementLimitTest {

    private final MovableClock clock = new MovableClock();
    private final PlacementLimit limit = new PlacementLimit(new OrderingProperties.PlacementLimit(3, 6, 2), clock);

    @Test
    void aCustomerPlacesABurstThenWaitsForTheBucketToRefill() {
        var ada = customer("c-42");
        for (int i = 0; i < 3; i++) {
            limit.admit(ada);
        }

        assertThatThrownBy(() -> limit.admit(ada)).isInstanceOfSatisfying(TooManyRequestsException.class,
                refused -> assertThat(refused.retryAfterSeconds()).isEqualTo(10));
        clock.advance(Duration.ofSeconds(10));
        assertThatNoException().isThrownBy(() -> limit.admit(ada));
        assertThatThrownBy(() -> limit.admit(ada)).isInstanceOf(TooManyRequestsException.class);
    }

    @Test
    void eachCustomerHasABucketOfTheirOwnAndStaffAreNotCounted() {
        var ada = customer("c-42");
        for (int i = 0; i < 3; i++) {
            limit.admit(ada);
        }

        assertThatNoException().isThrownBy(() -> limit.admit(customer("c-43")));
        for (int i = 0; i < 10; i++) {
            limit.admit(staff());
        }
    }

    @Test
    void forgetsCustomersWhoseBucketsRefilledOnceTheMapIsFull() {
        limit.admit(customer("c-1"));
        limit.admit(customer("c-2"));
        clock.advance(Duration.ofMinutes(1));
        var c3 = customer("c-3");
        for (int i = 0; i < 3; i++) {
            limit.admit(c3);
        }

        assertThatThrownBy(() -> limit.admit(c3)).isInstanceOf(TooManyRequestsException.class);
    }

    private static Caller customer(String id) {
        return Caller.of(Jwt.withTokenValue("t").header("alg", "RS256").subject(id).claim("roles", List.of("customer"))
                .claim("customer_id", id).claim("email", id + "@example.org").build());
    }

    private static Caller staff() {
        return Caller.of(Jwt.withTokenValue("t").header("alg", "RS256").subject("staff").claim("roles", List.of("staff")).build());
    }

    private static final class MovableClock extends Clock {

        private Instant now = Instant.parse("2026-12-06T10:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
