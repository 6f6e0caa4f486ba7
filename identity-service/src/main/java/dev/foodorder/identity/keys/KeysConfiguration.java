package dev.foodorder.identity.keys;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The keys the authorization server signs with and publishes at {@code /oauth2/jwks}. Read once at start:
 * with one key that never changes there is nothing to refresh. This bean replaces Boot's, which would
 * generate a key at every start.
 */
@Configuration(proxyBeanMethods = false)
class KeysConfiguration {

    @Bean
    JWKSource<SecurityContext> jwkSource(SigningKeys keys) {
        return new ImmutableJWKSet<>(new JWKSet(keys.active()));
    }
}
