package dev.foodorder.infrastructure.test;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.foodorder.infrastructure.local.DemoTokens;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * An OAuth2 issuer for the services' API tests: it signs access tokens shaped as the identity service's
 * (RS256; {@code roles}, {@code customer_id}, {@code email}, {@code scope}) and publishes its key at
 * {@code /oauth2/jwks} over real HTTP, so a service under test verifies them exactly as it verifies the
 * identity service's: fetched key set, signature, issuer, expiry. {@link RealInfrastructure} points the
 * service at it. The system tests use the identity service itself.
 */
public final class TestIssuer {

    /** The scopes the identity service's demo clients get: the tokens here carry the same. */
    public static final List<String> CUSTOMER_SCOPES = DemoTokens.CUSTOMER_SCOPES;
    public static final List<String> STAFF_SCOPES = DemoTokens.STAFF_SCOPES;

    private static final class Holder {
        static final TestIssuer INSTANCE = new TestIssuer();
    }

    private final RSAKey key = newKey();
    private final String issuer;

    private TestIssuer() {
        try {
            var server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            var keys = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            server.createContext("/oauth2/jwks", exchange -> {
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, keys.length);
                exchange.getResponseBody().write(keys);
                exchange.close();
            });
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0), "test-issuer-stop"));
            issuer = "http://127.0.0.1:" + server.getAddress().getPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The issuer, started at the first call and shared by the test JVM. */
    public static TestIssuer get() {
        return Holder.INSTANCE;
    }

    public String issuerUri() {
        return issuer;
    }

    public String jwkSetUri() {
        return issuer + "/oauth2/jwks";
    }

    /** A customer's token, as the identity service gives a customer's client; the email is {@code <id>@example.org}. */
    public String customer(String customerId) {
        return token(claims -> customerClaims(claims, customerId));
    }

    /** The claims of {@link #customer}'s token, for a test to change one of them. */
    public static JWTClaimsSet.Builder customerClaims(JWTClaimsSet.Builder claims, String customerId) {
        return claims.subject(customerId)
                .claim("roles", List.of("customer"))
                .claim("customer_id", customerId)
                .claim("email", customerId + "@example.org")
                .claim("scope", CUSTOMER_SCOPES);
    }

    /** A member of staff's token with every scope. */
    public String staff() {
        return token(claims -> claims.subject("staff")
                .claim("roles", List.of("staff"))
                .claim("scope", STAFF_SCOPES));
    }

    /** An {@code Authorization} header's value with a staff token. */
    public String bearerForStaff() {
        return "Bearer " + staff();
    }

    /** An {@code Authorization} header's value with this customer's token. */
    public String bearerFor(String customerId) {
        return "Bearer " + customer(customerId);
    }

    /** A token of this issuer, valid for an hour (longer than a test class runs), with the claims the caller sets on top of those. */
    public String token(UnaryOperator<JWTClaimsSet.Builder> claims) {
        return sign(key, claims.apply(new JWTClaimsSet.Builder()
                .issuer(issuer)
                .jwtID(UUID.randomUUID().toString())
                .issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plus(Duration.ofHours(1))))).build());
    }

    /** The same claims as {@link #token}, signed by a key the issuer never published: a forgery. */
    public String forged(UnaryOperator<JWTClaimsSet.Builder> claims) {
        var genuine = token(claims);
        try {
            return sign(newKey(), SignedJWT.parse(genuine).getJWTClaimsSet());
        } catch (java.text.ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    private String sign(RSAKey signingKey, JWTClaimsSet claims) {
        try {
            var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
            jwt.sign(new RSASSASigner(signingKey));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAKey newKey() {
        try {
            return new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
