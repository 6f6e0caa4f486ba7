package dev.foodorder.identity.demo;

import dev.foodorder.identity.accounts.Account;
import dev.foodorder.identity.accounts.Role;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.List;

/**
 * The local demo's accounts and clients ({@code identity.demo.*}), stored at start-up when
 * {@code enabled}. Their password is documented, so they must never reach a production database.
 *
 * @param password       every demo account's password and every demo client's secret
 * @param customerScopes the scopes a customer's client may ask for
 * @param staffScopes    the scopes a member of staff's client may ask for
 * @param accounts       each signs in at the login page and has a client_credentials client that speaks for it
 * @param swaggerUi      the public client that Swagger UI signs in with (authorization code + PKCE)
 * @param livePage       the public client that the analytics service's live page signs in with, the same way
 */
@ConfigurationProperties("identity.demo")
record DemoProperties(boolean enabled, String password, List<String> customerScopes, List<String> staffScopes,
                      List<DemoAccount> accounts, BrowserClient swaggerUi, BrowserClient livePage) {

    DemoProperties {
        accounts = accounts == null ? List.of() : List.copyOf(accounts);
    }

    List<String> scopes(Role role) {
        return role == Role.CUSTOMER ? customerScopes : staffScopes;
    }

    /** @param clientId the client_credentials client that speaks for the account */
    record DemoAccount(String username, Role role, String customerId, String email, String clientId) {

        Account account() {
            return new Account(username, role, customerId, email);
        }
    }

    /** A page that signs in with the authorization code flow and PKCE; it cannot keep a secret. */
    record BrowserClient(String clientId, String name, List<String> redirectUris) {
    }
}
