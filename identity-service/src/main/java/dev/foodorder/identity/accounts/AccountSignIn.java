package dev.foodorder.identity.accounts;

import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;

/**
 * What the login form checks a password against. The principal is Spring Security's own {@link User}
 * on purpose: the authorization is stored with its principal as JSON ({@code oauth2_authorization.attributes}),
 * and the store reads back only types it knows, so a class of ours would need a Jackson allowlist entry.
 * What a token says about the account is read from the table when the token is made ({@link AccountClaims}).
 */
@Component
class AccountSignIn implements UserDetailsService {

    private final Accounts accounts;

    AccountSignIn(Accounts accounts) {
        this.accounts = accounts;
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        var credentials = accounts.credentials(username)
                .orElseThrow(() -> new UsernameNotFoundException("No account " + username));
        return User.withUsername(username)
                .password(credentials.passwordHash())
                .roles(credentials.role().name())
                .disabled(!credentials.enabled())
                .build();
    }
}
