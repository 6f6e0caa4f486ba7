package dev.foodorder.service.security;

import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies a token's signature once, not at every request that carries it. A client sends the same token
 * for up to its 15 minutes, and an RSA signature costs about a millisecond of CPU on these JVMs (C1 has
 * no intrinsics for the big-number arithmetic), more than the rest of a request's security. The very same
 * bytes verified before need no second check of their signature and issuer; their expiry is checked again
 * at every use, so a token still stops working when it expires.
 *
 * <p>At most {@link #MAX_TOKENS} are kept; when full, the expired ones are dropped, and if none had
 * expired, all of them (they are verified again on their next use).
 */
final class VerifiedTokens implements JwtDecoder {

    static final int MAX_TOKENS = 10_000;

    private final JwtDecoder decoder;
    private final OAuth2TokenValidator<Jwt> expiry;
    private final Clock clock;
    private final Map<String, Jwt> verified = new ConcurrentHashMap<>();

    VerifiedTokens(JwtDecoder decoder) {
        this(decoder, Clock.systemUTC());
    }

    VerifiedTokens(JwtDecoder decoder, Clock clock) {
        this.decoder = decoder;
        this.clock = clock;
        var timestamps = new JwtTimestampValidator();
        timestamps.setClock(clock);
        this.expiry = timestamps;
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        var known = verified.get(token);
        if (known == null) {
            var jwt = decoder.decode(token);
            remember(token, jwt);
            return jwt;
        }
        var stillValid = expiry.validate(known);
        if (stillValid.hasErrors()) {
            verified.remove(token);
            throw new JwtValidationException("The token has expired", stillValid.getErrors());
        }
        return known;
    }

    private void remember(String token, Jwt jwt) {
        if (verified.size() >= MAX_TOKENS) {
            var now = clock.instant();
            verified.values().removeIf(held -> held.getExpiresAt() == null || held.getExpiresAt().isBefore(now));
            if (verified.size() >= MAX_TOKENS) {
                verified.clear();
            }
        }
        verified.put(token, jwt);
    }
}
