package dev.foodorder.identity.demo;

import dev.foodorder.identity.accounts.Accounts;
import dev.foodorder.identity.accounts.ClientAccount;
import dev.foodorder.identity.clients.TokenPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.stereotype.Component;

import java.util.LinkedHashSet;
import java.util.UUID;

/**
 * Stores the demo's accounts and clients at start-up, when {@code identity.demo.enabled=true}; a
 * restart adds nothing. Accounts are added once and then left alone (people's data). Clients are made
 * to match the configuration at every start (policy: scopes, redirect URIs, token lifetime), keeping
 * their id, so that a changed setting reaches a database seeded before.
 */
@Component
@ConditionalOnBooleanProperty("identity.demo.enabled")
class DemoSeed implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoSeed.class);

    private final DemoProperties demo;
    private final Accounts accounts;
    private final RegisteredClientRepository clients;
    private final TokenPolicy tokens;
    private final PasswordEncoder passwords;

    DemoSeed(DemoProperties demo, Accounts accounts, RegisteredClientRepository clients, TokenPolicy tokens,
             PasswordEncoder passwords) {
        this.demo = demo;
        this.accounts = accounts;
        this.clients = clients;
        this.tokens = tokens;
        this.passwords = passwords;
    }

    @Override
    public void run(ApplicationArguments arguments) {
        for (var account : demo.accounts()) {
            // Looked up first only to spare a password hash (tens of milliseconds) at every start.
            if (accounts.find(account.username()).isEmpty()) {
                accounts.addIfAbsent(account.account(), passwords.encode(demo.password()));
            }
            register(speakingFor(account));
        }
        register(browser(demo.swaggerUi()));
        register(browser(demo.livePage()));
        log.warn("Demo accounts {} and their clients are enabled, with the documented password: never in production",
                demo.accounts().stream().map(DemoProperties.DemoAccount::username).toList());
    }

    /** A confidential client_credentials client whose tokens carry its account's claims. */
    private RegisteredClient.Builder speakingFor(DemoProperties.DemoAccount account) {
        return RegisteredClient.withId(UUID.randomUUID().toString())
                .clientId(account.clientId())
                .clientName("Demo: " + account.username())
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                .scopes(scopes -> scopes.addAll(demo.scopes(account.role())))
                .clientSettings(ClientAccount.speakingFor(account.username()));
    }

    /**
     * A public client (no secret: a browser cannot keep one) for the authorization code flow, with PKCE
     * required, and without a consent page: the demo's services are first-party. It may ask for every
     * scope; what a signed-in customer may do is for the resource servers to decide from the roles.
     */
    private RegisteredClient.Builder browser(DemoProperties.BrowserClient client) {
        var scopes = new LinkedHashSet<String>();
        scopes.add(OidcScopes.OPENID);
        scopes.addAll(demo.customerScopes());
        scopes.addAll(demo.staffScopes());
        return RegisteredClient.withId(UUID.randomUUID().toString())
                .clientId(client.clientId())
                .clientName(client.name())
                .clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUris(uris -> uris.addAll(client.redirectUris()))
                .scopes(all -> all.addAll(scopes))
                .clientSettings(ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(false).build());
    }

    /** Inserts the client, or updates the one of that client id, keeping its id, issue time and secret hash. */
    private void register(RegisteredClient.Builder client) {
        client.tokenSettings(tokens.settings());
        var configured = client.build();
        var existing = clients.findByClientId(configured.getClientId());
        if (existing != null) {
            client.id(existing.getId()).clientIdIssuedAt(existing.getClientIdIssuedAt());
        }
        if (configured.getClientAuthenticationMethods().contains(ClientAuthenticationMethod.NONE)) {
            client.clientSecret(null);
        } else if (existing != null && existing.getClientSecret() != null
                && passwords.matches(demo.password(), existing.getClientSecret())) {
            client.clientSecret(existing.getClientSecret());
        } else {
            client.clientSecret(passwords.encode(demo.password()));
        }
        var wanted = client.build();
        if (wanted.equals(existing)) {
            return;
        }
        try {
            clients.save(wanted);
        } catch (DuplicateKeyException e) {
            // Another instance inserted the same client a moment ago (the unique client_id index): the same row.
            log.debug("Demo client {} was stored by another instance", wanted.getClientId());
        }
    }
}
