package dev.foodorder.infrastructure.local;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Access tokens from a local stack's identity service, as a script gets them: the client_credentials grant
 * of a demo client that speaks for an account (docs/adr/0021-identity-service.md). The benchmark's driver
 * and the system tests take theirs here. Each token is kept until a minute before it expires.
 */
public final class DemoTokens {

    /** Every demo account's password and every demo client's secret, as the identity service's local profile documents it. */
    public static final String DEMO_PASSWORD = "demo";
    /** A member of staff, with every staff scope. */
    public static final String STAFF = "demo-staff";
    /** Customer c-42 (ada). */
    public static final String ADA = "demo-c-42";
    /** Customer c-43 (bob). */
    public static final String BOB = "demo-c-43";

    /**
     * The scopes a demo customer's and a member of staff's client may have (the identity service's
     * {@code identity.demo.*-scopes}), which each asks for: a token carries only the scopes asked for, none
     * when none is asked for.
     */
    public static final List<String> CUSTOMER_SCOPES = List.of("orders:read", "orders:write", "notifications:read");
    public static final List<String> STAFF_SCOPES = List.of("orders:read", "orders:write", "inventory:read", "inventory:write",
            "notifications:read", "analytics:read", "dead-letters:replay");

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration MARGIN = Duration.ofMinutes(1);

    private final URI tokenEndpoint;
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();

    /** @param issuer the identity service's URL, such as {@code http://127.0.0.1:9000} */
    public DemoTokens(String issuer) {
        this.tokenEndpoint = URI.create(issuer + "/oauth2/token");
    }

    /** Tokens of the stack that {@code ./run-local.sh} runs, on its well-known ports. */
    public static DemoTokens ofTheLocalStack() {
        return new DemoTokens(SystemStack.issuerAt(SystemStack.IDENTITY.fixedPort()));
    }

    /** An {@code Authorization} header's value: a member of staff's token. */
    public String staff() {
        return bearer(STAFF);
    }

    /** An {@code Authorization} header's value: the token of the account that this demo client speaks for. */
    public String bearer(String clientId) {
        return "Bearer " + tokens.compute(clientId, (id, held) ->
                held != null && Instant.now().plus(MARGIN).isBefore(held.expires()) ? held : fetch(id)).value();
    }

    private Token fetch(String clientId) {
        var credentials = Base64.getEncoder().encodeToString((clientId + ":" + DEMO_PASSWORD).getBytes(StandardCharsets.UTF_8));
        var request = HttpRequest.newBuilder(tokenEndpoint)
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Basic " + credentials)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope="
                        + URLEncoder.encode(String.join(" ", clientId.equals(STAFF) ? STAFF_SCOPES : CUSTOMER_SCOPES),
                        StandardCharsets.UTF_8)))
                .build();
        try {
            var response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("The identity service at " + tokenEndpoint + " gave " + clientId + " no token: "
                        + response.statusCode() + " " + response.body());
            }
            var body = JSON.readTree(response.body());
            return new Token(body.get("access_token").asText(), Instant.now().plusSeconds(body.get("expires_in").asLong()));
        } catch (IOException e) {
            throw new UncheckedIOException("No answer from the identity service at " + tokenEndpoint, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private record Token(String value, Instant expires) {
    }
}
