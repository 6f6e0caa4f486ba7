package dev.foodorder.identity.accounts;

import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;

import java.util.Optional;

/**
 * A {@code client_credentials} client may speak for one account: its tokens then say what that
 * account's would (customer id, email, role). That is how a script gets a customer's token in one
 * request, with no browser to sign in with. The link is a setting of the registered client, stored
 * with its other settings.
 */
public final class ClientAccount {

    static final String SETTING = "identity.account";

    private ClientAccount() {
    }

    /** Client settings that make a client speak for the account. */
    public static ClientSettings speakingFor(String username) {
        return ClientSettings.builder().setting(SETTING, username).build();
    }

    static Optional<String> of(RegisteredClient client) {
        return Optional.ofNullable(client.getClientSettings().<String>getSetting(SETTING));
    }
}
