package dev.foodorder.systemtest;

import dev.foodorder.infrastructure.local.DemoTokens;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Access tokens an attacker would try, made by hand (RS256 with the JDK): one signed with the identity
 * service's own key but expired, or naming another issuer (a leaked key, or a leaked old token); one signed
 * with a key of the attacker's; a genuine token whose claims were rewritten. Each claims to be staff with
 * every scope, so that a service that took it would let it do anything.
 */
final class ForgedTokens {

    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private final String issuer;
    private final String kid;
    private final PrivateKey identityKey;

    private ForgedTokens(String issuer, String kid, PrivateKey identityKey) {
        this.issuer = issuer;
        this.kid = kid;
        this.identityKey = identityKey;
    }

    /** With the identity service's active signing key, read from its database. */
    static ForgedTokens withTheKeyOf(Connection identityDatabase, String issuer) throws SQLException {
        try (var statement = identityDatabase.createStatement();
             var row = statement.executeQuery("SELECT kid, private_key FROM signing_key WHERE active")) {
            if (!row.next()) {
                throw new IllegalStateException("The identity service has no active signing key yet");
            }
            var key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(row.getString(2))));
            return new ForgedTokens(issuer, row.getString(1), key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The identity service's own signature, but expired ten minutes ago. */
    String expired() {
        var now = Instant.now();
        return sign(identityKey, staff(issuer, now.minus(Duration.ofMinutes(25)), now.minus(Duration.ofMinutes(10))));
    }

    /** The identity service's own signature, but another issuer: a token minted for some other system. */
    String fromAnotherIssuer() {
        var now = Instant.now();
        return sign(identityKey, staff("http://127.0.0.1:1", now, now.plus(Duration.ofMinutes(10))));
    }

    /** Signed with a key the identity service never published, under its key's id. */
    String signedWithAnotherKey() {
        var now = Instant.now();
        try {
            var generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return sign(generator.generateKeyPair().getPrivate(), staff(issuer, now, now.plus(Duration.ofMinutes(10))));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A genuine token whose claims were replaced by staff's, its signature left as it was. */
    String rewritten(String genuine) {
        var parts = genuine.split("\\.");
        var now = Instant.now();
        return parts[0] + "." + URL.encodeToString(Http.JSON.writeValueAsBytes(staff(issuer, now, now.plus(Duration.ofMinutes(10)))))
                + "." + parts[2];
    }

    private static Map<String, Object> staff(String issuer, Instant issuedAt, Instant expiresAt) {
        var claims = new LinkedHashMap<String, Object>();
        claims.put("iss", issuer);
        claims.put("sub", "staff");
        claims.put("aud", "demo-staff");
        claims.put("iat", issuedAt.getEpochSecond());
        claims.put("nbf", issuedAt.getEpochSecond());
        claims.put("exp", expiresAt.getEpochSecond());
        claims.put("roles", List.of("staff"));
        claims.put("scope", DemoTokens.STAFF_SCOPES);
        return claims;
    }

    private String sign(PrivateKey key, Map<String, Object> claims) {
        var header = Map.of("alg", "RS256", "kid", kid, "typ", "JWT");
        var signingInput = URL.encodeToString(Http.JSON.writeValueAsBytes(header)) + "."
                + URL.encodeToString(Http.JSON.writeValueAsBytes(claims));
        try {
            var signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(key);
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + URL.encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
