package dev.foodorder.identity.accounts;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;

/**
 * What an access token says about whom it is for: {@code roles} always (["customer"], ["staff"], or none
 * for a client that speaks for no account), and a customer's {@code customer_id} and {@code email}.
 *
 * <p>The claims come from the {@code account} row, read when the token is made, never from the
 * authentication's authorities: Spring Security 7 adds authorities of its own to a sign-in (the
 * {@code FACTOR_*} ones that record how it was proven), which mean nothing to a resource server.
 * Reading the row also means that a token is never issued for an account disabled or deleted since
 * its owner signed in.
 */
@Component
class AccountClaims implements OAuth2TokenCustomizer<JwtEncodingContext> {

    static final String ROLES = "roles";
    static final String CUSTOMER_ID = "customer_id";
    static final String EMAIL = "email";

    private final Accounts accounts;

    AccountClaims(Accounts accounts) {
        this.accounts = accounts;
    }

    @Override
    public void customize(JwtEncodingContext context) {
        if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
            return;
        }
        var claims = context.getClaims();
        var username = username(context);
        if (username.isEmpty()) {
            claims.claim(ROLES, List.of());
            return;
        }
        var account = accounts.find(username.get()).orElseThrow(() -> new OAuth2AuthenticationException(
                new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT, "The account is no longer enabled.", null)));
        claims.claim(ROLES, List.of(account.role().value()));
        if (account.role() == Role.CUSTOMER) {
            claims.claim(CUSTOMER_ID, account.customerId());
            claims.claim(EMAIL, account.email());
        }
    }

    /** Whose token it is: the account a client_credentials client speaks for, or the user who signed in. */
    private static Optional<String> username(JwtEncodingContext context) {
        if (AuthorizationGrantType.CLIENT_CREDENTIALS.equals(context.getAuthorizationGrantType())) {
            return ClientAccount.of(context.getRegisteredClient());
        }
        return Optional.of(context.getPrincipal().getName());
    }
}
