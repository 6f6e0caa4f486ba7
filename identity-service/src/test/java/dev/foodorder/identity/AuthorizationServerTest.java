package dev.foodorder.identity;

import org.springframework.boot.test.web.server.LocalManagementPort;
import dev.foodorder.identity.accounts.Account;
import dev.foodorder.identity.accounts.Accounts;
import dev.foodorder.identity.accounts.ClientAccount;
import dev.foodorder.identity.accounts.Role;
import dev.foodorder.infrastructure.test.RealInfrastructure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The authorization server as its clients meet it, through the real HTTP server and the demo's
 * accounts and clients: scripts with client_credentials, Swagger UI with the authorization code flow
 * and PKCE, resource servers with the published keys and the discovery document.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "identity.demo.enabled=true")
@RealInfrastructure
class AuthorizationServerTest {

    private static final String ISSUER = "http://127.0.0.1:9000";
    private static final String SWAGGER_UI_REDIRECT = "http://127.0.0.1:8081/swagger-ui/oauth2-redirect.html";
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    Accounts accounts;

    @Autowired
    RegisteredClientRepository clients;

    @Autowired
    PasswordEncoder passwords;

    @Autowired
    JdbcClient jdbc;

    private IdentityHttp identity;

    @BeforeEach
    void connect() {
        identity = new IdentityHttp(port);
    }

    @AfterEach
    void disconnect() {
        identity.close();
    }

    @Test
    void aDemoCustomerGetsATokenCarryingItsCustomerIdAndEmail() throws ParseException {
        var response = identity.clientCredentials("demo-c-42", "demo", "orders:read orders:write");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        var body = IdentityHttp.json(response.body());
        assertThat(body).containsEntry("token_type", "Bearer").containsEntry("scope", "orders:read orders:write");
        var claims = identity.verifiedClaims((String) body.get("access_token"));
        assertThat(claims.getIssuer()).isEqualTo(ISSUER);
        assertThat(claims.getSubject()).isEqualTo("demo-c-42");
        assertThat(claims.getExpirationTime().toInstant())
                .isCloseTo(Instant.now().plus(Duration.ofMinutes(15)), within(Duration.ofMinutes(1)));
        assertThat(claims.getStringClaim("customer_id")).isEqualTo("c-42");
        assertThat(claims.getStringClaim("email")).isEqualTo("ada@example.org");
        assertThat(claims.getStringListClaim("roles")).containsExactly("customer");
        assertThat(claims.getStringListClaim("scope")).containsExactlyInAnyOrder("orders:read", "orders:write");
    }

    @Test
    void eachDemoCustomerHasAClientOfItsOwn() throws ParseException {
        var claims = identity.verifiedClaims(identity.accessToken("demo-c-43", "orders:write"));

        assertThat(claims.getStringClaim("customer_id")).isEqualTo("c-43");
        assertThat(claims.getStringClaim("email")).isEqualTo("bob@example.org");
    }

    @Test
    void theStaffClientGetsTheStaffRole() throws ParseException {
        var claims = identity.verifiedClaims(identity.accessToken("demo-staff", "inventory:write"));

        assertThat(claims.getStringListClaim("roles")).containsExactly("staff");
        assertThat(claims.getClaims()).doesNotContainKeys("customer_id", "email");
    }

    @Test
    void aWrongSecretGetsNoToken() {
        var response = identity.clientCredentials("demo-c-42", "not-the-secret", "orders:read");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(IdentityHttp.json(response.body())).containsEntry("error", "invalid_client");
    }

    @Test
    void aCustomerClientCannotAskForStaffScopes() {
        var response = identity.clientCredentials("demo-c-42", "demo", "inventory:write");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(IdentityHttp.json(response.body())).containsEntry("error", "invalid_scope");
    }

    @Test
    void anAccountDisabledAfterwardsGetsNoMoreTokens() {
        accounts.addIfAbsent(new Account("dora", Role.CUSTOMER, "c-99", "dora@example.org"), passwords.encode("secret"));
        clients.save(RegisteredClient.withId(UUID.randomUUID().toString())
                .clientId("dora-script")
                .clientSecret(passwords.encode("secret"))
                .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                .scope("orders:read")
                .clientSettings(ClientAccount.speakingFor("dora"))
                .build());
        assertThat(identity.clientCredentials("dora-script", "secret", "orders:read").statusCode()).isEqualTo(200);

        jdbc.sql("UPDATE account SET enabled = false WHERE username = 'dora'").update();
        var refused = identity.clientCredentials("dora-script", "secret", "orders:read");

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(IdentityHttp.json(refused.body())).containsEntry("error", "invalid_grant");
    }

    @Test
    void aDemoUserSignsInThroughSwaggerUiWithPkceAndGetsHerCustomerClaims() throws ParseException {
        var verifier = codeVerifier();
        signIn("ada");

        var authorized = identity.get(authorizationRequest(challenge(verifier)));
        assertThat(authorized.statusCode()).as(authorized.body()).isEqualTo(302);
        var redirect = location(authorized);
        assertThat(redirect.toString()).startsWith(SWAGGER_UI_REDIRECT).contains("state=s-1");
        var code = query(redirect).get("code");
        assertThat(code).isNotBlank();

        var token = identity.postForm("/oauth2/token", Map.of("grant_type", "authorization_code", "code", code,
                "redirect_uri", SWAGGER_UI_REDIRECT, "client_id", "swagger-ui", "code_verifier", verifier));
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        var claims = identity.verifiedClaims((String) IdentityHttp.json(token.body()).get("access_token"));
        assertThat(claims.getSubject()).isEqualTo("ada");
        assertThat(claims.getStringClaim("customer_id")).isEqualTo("c-42");
        assertThat(claims.getStringClaim("email")).isEqualTo("ada@example.org");
        assertThat(claims.getStringListClaim("roles")).containsExactly("customer");
        // Spring Security 7 records how a sign-in was proven as FACTOR_* authorities; none reaches a claim.
        assertThat(claims.toString()).doesNotContain("FACTOR_");
    }

    @Test
    void theSwaggerUiClientRequiresPkce() {
        signIn("bob");

        var refused = identity.get(authorizationRequest(null));

        assertThat(refused.statusCode()).isEqualTo(302);
        var redirect = query(location(refused));
        assertThat(redirect).containsEntry("error", "invalid_request").doesNotContainKey("code");
        assertThat(redirect.get("error_description")).contains("code_challenge");
    }

    @Test
    void aBrowserThatIsNotSignedInIsSentToTheLoginPage() {
        var response = identity.get(authorizationRequest(challenge(codeVerifier())));

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(location(response).getPath()).isEqualTo("/login");
    }

    @Test
    void openIdDiscoveryNamesTheIssuer() {
        var response = identity.get("/.well-known/openid-configuration");

        assertThat(response.statusCode()).isEqualTo(200);
        var discovery = IdentityHttp.json(response.body());
        assertThat(discovery).containsEntry("issuer", ISSUER)
                .containsEntry("token_endpoint", ISSUER + "/oauth2/token")
                .containsEntry("jwks_uri", ISSUER + "/oauth2/jwks");
    }

    @Test
    void swaggerUiOnAServicesOriginMayCallTheTokenEndpoint() {
        var allowed = preflight("http://localhost:8081");
        var stranger = preflight("http://evil.example");

        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://localhost:8081");
        assertThat(stranger.statusCode()).isEqualTo(403);
        assertThat(stranger.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void theProbesAnswerOnTheManagementPortWithoutSignInAndNotOnTheServersPort() {
        try (var management = new IdentityHttp(managementPort)) {
            assertThat(management.get("/actuator/health/liveness").statusCode()).isEqualTo(200);
            assertThat(management.get("/actuator/health/readiness").statusCode()).isEqualTo(200);
        }
        assertThat(identity.get("/actuator/health/readiness").statusCode()).isNotEqualTo(200);
    }

    /** Through Spring Security's login form, as a browser would: its CSRF token, then the credentials. */
    private void signIn(String username) {
        var page = identity.get("/login");
        assertThat(page.statusCode()).isEqualTo(200);
        var csrf = CSRF.matcher(page.body());
        assertThat(csrf.find()).as("a CSRF token on the login page").isTrue();
        var signedIn = identity.postForm("/login",
                Map.of("username", username, "password", IdentityHttp.DEMO_PASSWORD, "_csrf", csrf.group(1)));
        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(location(signedIn).getQuery()).as("signed in, not sent back with ?error").isNull();
    }

    private static String authorizationRequest(String codeChallenge) {
        var request = "/oauth2/authorize?response_type=code&client_id=swagger-ui&scope="
                + IdentityHttp.encode("openid orders:read") + "&state=s-1&redirect_uri=" + IdentityHttp.encode(SWAGGER_UI_REDIRECT);
        return codeChallenge == null ? request : request + "&code_challenge_method=S256&code_challenge=" + codeChallenge;
    }

    private HttpResponse<String> preflight(String origin) {
        return identity.send(HttpRequest.newBuilder(identity.uri("/oauth2/token"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type"));
    }

    private static String codeVerifier() {
        var bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String challenge(String verifier) {
        try {
            var digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static URI location(HttpResponse<String> response) {
        return URI.create(response.headers().firstValue("Location").orElseThrow(() ->
                new AssertionError("No Location in a " + response.statusCode() + ": " + response.body())));
    }

    private static Map<String, String> query(URI uri) {
        return Arrays.stream(uri.getRawQuery().split("&"))
                .map(parameter -> parameter.split("=", 2))
                .collect(Collectors.toMap(pair -> pair[0],
                        pair -> URLDecoder.decode(pair.length > 1 ? pair[1] : "", StandardCharsets.UTF_8)));
    }
}
