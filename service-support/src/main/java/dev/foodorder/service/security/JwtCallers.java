package dev.foodorder.service.security;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;

import java.util.ArrayList;
import java.util.Locale;

/**
 * Turns a verified access token into the authorities the rules check: {@code SCOPE_orders:read} for each
 * scope, as Spring Security does by default, and {@code ROLE_CUSTOMER} or {@code ROLE_STAFF} from the
 * identity service's {@code roles} claim, which Spring Security does not read by itself.
 */
final class JwtCallers implements Converter<Jwt, AbstractAuthenticationToken> {

    static final String SCOPE_PREFIX = "SCOPE_";

    private final JwtGrantedAuthoritiesConverter scopes = new JwtGrantedAuthoritiesConverter();

    @Override
    public AbstractAuthenticationToken convert(Jwt token) {
        var authorities = new ArrayList<GrantedAuthority>(scopes.convert(token));
        Caller.roles(token).stream()
                .map(role -> new SimpleGrantedAuthority(roleAuthority(role)))
                .forEach(authorities::add);
        return new JwtAuthenticationToken(token, authorities, token.getSubject());
    }

    static String roleAuthority(String role) {
        return "ROLE_" + role.toUpperCase(Locale.ROOT);
    }
}
