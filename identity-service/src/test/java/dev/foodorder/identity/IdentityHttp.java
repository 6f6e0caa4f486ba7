package dev.foodorder.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The identity service as its clients see it, over real HTTP: the token endpoint, the published keys,
 * and a browser's session (cookies kept, redirects not followed, so that a test sees each step).
 */
public final class IdentityHttp implements AutoCloseable {

    public static final String DEMO_PASSWORD = "demo";

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    public IdentityHttp(int port) {
        this.base = URI.create("http://127.0.0.1:" + port);
    }

    /** POST /oauth2/token with client_credentials, the client authenticated with HTTP Basic. */
    public HttpResponse<String> clientCredentials(String clientId, String secret, String scope) {
        var basic = Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(base.resolve("/oauth2/token"))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(form(Map.of("grant_type", "client_credentials", "scope", scope))));
    }

    /** The access token a demo client gets for the scope; fails unless the token endpoint answers 200. */
    public String accessToken(String clientId, String scope) {
        var response = clientCredentials(clientId, DEMO_PASSWORD, scope);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return (String) json(response.body()).get("access_token");
    }

    /** The token's claims, once its signature is verified against a key that /oauth2/jwks publishes. */
    public JWTClaimsSet verifiedClaims(String token) {
        try {
            var jwt = SignedJWT.parse(token);
            var keys = JWKSet.parse(get("/oauth2/jwks").body());
            var key = keys.getKeyByKeyId(jwt.getHeader().getKeyID());
            assertThat(key).as("a published key with the token's kid %s", jwt.getHeader().getKeyID()).isNotNull();
            assertThat(jwt.verify(new RSASSAVerifier((RSAKey) key))).as("signature").isTrue();
            return jwt.getJWTClaimsSet();
        } catch (ParseException | JOSEException e) {
            throw new AssertionError("Not a verifiable JWT: " + token, e);
        }
    }

    public HttpResponse<String> get(String pathAndQuery) {
        return send(HttpRequest.newBuilder(base.resolve(pathAndQuery)).header("Accept", "text/html,application/json"));
    }

    public HttpResponse<String> postForm(String path, Map<String, String> fields) {
        return send(HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(form(fields)));
    }

    public HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public URI uri(String pathAndQuery) {
        return base.resolve(pathAndQuery);
    }

    public static Map<String, Object> json(String body) {
        try {
            return JSONObjectUtils.parse(body);
        } catch (ParseException e) {
            throw new AssertionError("Not JSON: " + body, e);
        }
    }

    public static HttpRequest.BodyPublisher form(Map<String, String> fields) {
        return HttpRequest.BodyPublishers.ofString(new LinkedHashMap<>(fields).entrySet().stream()
                .map(field -> encode(field.getKey()) + "=" + encode(field.getValue()))
                .collect(Collectors.joining("&")));
    }

    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        http.shutdownNow();
    }
}
