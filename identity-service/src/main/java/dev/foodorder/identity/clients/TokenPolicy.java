package dev.foodorder.identity.clients;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

import java.time.Duration;

/**
 * The token settings of the clients this service registers ({@code identity.tokens.*}). Spring
 * Authorization Server keeps them per client, with the client's row; this is what a new or re-seeded
 * client gets.
 *
 * @param accessTokenTimeToLive short: a resource server accepts a JWT until it expires, whatever happens
 *                              to its account meanwhile
 */
@ConfigurationProperties("identity.tokens")
public record TokenPolicy(Duration accessTokenTimeToLive) {

    public TokenSettings settings() {
        return TokenSettings.builder()
                // Self-contained (JWT), so that resource servers verify a token with the public key alone.
                .accessTokenFormat(OAuth2TokenFormat.SELF_CONTAINED)
                .accessTokenTimeToLive(accessTokenTimeToLive)
                .build();
    }
}
