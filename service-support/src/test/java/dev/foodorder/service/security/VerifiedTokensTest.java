package dev.foodorder.service.security;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VerifiedTokensTest {

    private final MovableClock clock = new MovableClock();
    private final AtomicInteger verifications = new AtomicInteger();
    /** Stands for the signature check: any token but "forged" is valid for 15 minutes from now. */
    private final JwtDecoder signatures = token -> {
        verifications.incrementAndGet();
        if (token.equals("forged")) {
            throw new BadJwtException("Invalid signature");
        }
        var now = clock.instant();
        return Jwt.withTokenValue(token).header("alg", "RS256").subject(token).issuedAt(now).expiresAt(now.plus(Duration.ofMinutes(15))).build();
    };
    private final VerifiedTokens tokens = new VerifiedTokens(signatures, clock);

    @Test
    void verifiesTheSignatureOfTheSameTokenOnce() {
        tokens.decode("a");
        tokens.decode("a");
        tokens.decode("b");

        assertThat(tokens.decode("a").getSubject()).isEqualTo("a");
        assertThat(verifications).hasValue(2);
    }

    @Test
    void aTokenVerifiedBeforeIsRefusedOnceItHasExpired() {
        tokens.decode("a");
        clock.advance(Duration.ofMinutes(17));

        assertThatThrownBy(() -> tokens.decode("a")).isInstanceOf(JwtValidationException.class);
    }

    @Test
    void aRefusedTokenIsCheckedAgainEveryTime() {
        assertThatThrownBy(() -> tokens.decode("forged")).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> tokens.decode("forged")).isInstanceOf(BadJwtException.class);

        assertThat(verifications).hasValue(2);
    }

    @Test
    void keepsAtMostSoManyTokens() {
        for (int i = 0; i <= VerifiedTokens.MAX_TOKENS; i++) {
            tokens.decode("t" + i);
        }
        tokens.decode("t0");

        assertThat(verifications).hasValue(VerifiedTokens.MAX_TOKENS + 2);
    }

    private static final class MovableClock extends Clock {

        private Instant now = Instant.parse("2026-12-06T10:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
