package dev.foodorder.identity;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The system's OAuth2 / OpenID Connect authorization server. Its features, each a package: the
 * {@code accounts} that sign in and what their tokens say about them, the registered {@code clients},
 * the {@code keys} that sign tokens, the HTTP {@code server} (endpoints, login, CORS), and the local
 * {@code demo}'s accounts and clients.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class IdentityApplication {

    public static void main(String[] args) {
        SpringApplication.run(IdentityApplication.class, args);
    }
}
