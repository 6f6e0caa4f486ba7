package dev.foodorder.order.ordering;

import dev.foodorder.infrastructure.test.TestIssuer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Who may do what with orders: every endpoint without a token, with a token that must be refused, as
 * one customer on another's order, and as staff. Each refusal is a problem, and changes nothing.
 */
@Import({OrderAccessTest.WithoutARule.class, OrderAccessTest.ObservationNames.class})
class OrderAccessTest extends OrderServiceIntegrationTest {

    /** An endpoint someone added and gave no rule. */
    @RestController
    static class WithoutARule {

        @GetMapping("/api/orders-export")
        String export() {
            return "every order of every customer";
        }
    }

    /** Records the name of every observation started, while a test wants them. */
    static class ObservationNames implements ObservationHandler<Observation.Context> {

        static volatile List<String> recording;

        @Override
        public void onStart(Observation.Context context) {
            var names = recording;
            if (names != null) {
                names.add(context.getName());
            }
        }

        @Override
        public boolean supportsContext(Observation.Context context) {
            return true;
        }
    }

    private static final TestIssuer ISSUER = TestIssuer.get();
    private static final String ESPRESSO = """
            {"items": [{"sku": "espresso", "quantity": 1}]}""";

    private final String ada = OrderRequests.newCustomer();
    private final String bob = OrderRequests.newCustomer();

    static Stream<org.junit.jupiter.params.provider.Arguments> endpoints() {
        var any = UUID.randomUUID();
        return Stream.of(
                arguments(HttpMethod.POST, "/api/orders"),
                arguments(HttpMethod.GET, "/api/orders"),
                arguments(HttpMethod.GET, "/api/orders/" + any),
                arguments(HttpMethod.POST, "/api/orders/" + any + "/cancel"));
    }

    @ParameterizedTest
    @MethodSource("endpoints")
    void everyOrderEndpointWithoutATokenIs401AskingForOne(HttpMethod method, String path) {
        send(null, method, path)
                .expectStatus().isUnauthorized()
                .expectHeader().value(HttpHeaders.WWW_AUTHENTICATE, challenge -> assertThat(challenge).startsWith("Bearer"))
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.status").isEqualTo(401);
    }

    static Stream<String> refusedTokens() {
        var customer = "c-" + UUID.randomUUID();
        return Stream.of(
                ISSUER.token(claims -> TestIssuer.customerClaims(claims, customer)
                        .expirationTime(Date.from(Instant.now().minus(Duration.ofMinutes(5))))),
                ISSUER.forged(claims -> TestIssuer.customerClaims(claims, customer)),
                ISSUER.token(claims -> TestIssuer.customerClaims(claims, customer).issuer("http://127.0.0.1:1")),
                "not-a-jwt");
    }

    @ParameterizedTest
    @MethodSource("refusedTokens")
    void anExpiredForgedForeignOrMalformedTokenIs401AndPlacesNothing(String token) {
        send("Bearer " + token, HttpMethod.POST, "/api/orders", ESPRESSO)
                .expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(detail -> assertThat(detail.toString()).startsWith("The access token was refused"));
    }

    @Test
    void theResourceMetadataNamesTheIssuerThatGivesTokens() {
        send(null, HttpMethod.GET, "/.well-known/oauth-protected-resource")
                .expectStatus().isOk()
                .expectBody().jsonPath("$.authorization_servers[0]").isEqualTo(ISSUER.issuerUri());
    }

    @Test
    void anEndpointWithoutARuleIsRefusedEvenToStaff() {
        send(ISSUER.bearerForStaff(), HttpMethod.GET, "/api/orders-export")
                .expectStatus().isForbidden()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void aRouteThatLeadsNowhereIs404Or405ForACallerAnd401ForAStranger() {
        send(ISSUER.bearerForStaff(), HttpMethod.GET, "/api/nothing-here").expectStatus().isNotFound();
        send(ISSUER.bearerForStaff(), HttpMethod.DELETE, "/api/orders/" + UUID.randomUUID()).expectStatus().isEqualTo(405);
        send(null, HttpMethod.GET, "/api/nothing-here").expectStatus().isUnauthorized();
    }

    @Test
    void springSecurityObservesNothingOfARequestWhoseOwnObservationTimesIt() {
        var started = new CopyOnWriteArrayList<String>();
        ObservationNames.recording = started;
        try {
            send(ISSUER.bearerFor(ada), HttpMethod.GET, "/api/orders").expectStatus().isOk();
            send(null, HttpMethod.GET, "/api/orders").expectStatus().isUnauthorized();
        } finally {
            ObservationNames.recording = null;
        }

        assertThat(started).contains("http.server.requests").noneMatch(name -> name.startsWith("spring.security."));
    }

    @Test
    void theMenuNeedsNoToken() {
        send(null, HttpMethod.GET, "/api/menu").expectStatus().isOk();
    }

    @Test
    void aCustomerOrdersForThemselvesWithTheEmailOfTheirToken() {
        var order = placeAs(ada, ESPRESSO);

        assertThat(order.get("customerId").asString()).isEqualTo(ada);
        assertThat(order.get("customerEmail").asString()).isEqualTo(ada + "@example.org");
    }

    @Test
    void aCustomerNamingAnotherCustomerOrEmailIs403AndPlacesNothing() {
        var asBob = """
                {"customerId": "%s", "items": [{"sku": "espresso", "quantity": 1}]}""".formatted(bob);
        var toAStranger = """
                {"customerEmail": "victim@example.org", "items": [{"sku": "espresso", "quantity": 1}]}""";

        for (var body : List.of(asBob, toAStranger)) {
            send(ISSUER.bearerFor(ada), HttpMethod.POST, "/api/orders", body)
                    .expectStatus().isForbidden()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        }

        assertThat(listAs(ISSUER.bearerForStaff(), "?customerId=" + bob).get("totalElements").asLong()).isZero();
        assertThat(listAs(ISSUER.bearerForStaff(), "?customerId=" + ada).get("totalElements").asLong()).isZero();
    }

    @Test
    void anotherCustomersOrderIsNotFoundToReadToWaitForAndToCancel() {
        var bobs = placeAs(bob, ESPRESSO).get("orderId").asString();

        for (var path : List.of("/api/orders/" + bobs, "/api/orders/" + bobs + "?wait=1")) {
            send(ISSUER.bearerFor(ada), HttpMethod.GET, path)
                    .expectStatus().isNotFound()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        }
        send(ISSUER.bearerFor(ada), HttpMethod.POST, "/api/orders/" + bobs + "/cancel")
                .expectStatus().isNotFound();

        var stillBobs = send(ISSUER.bearerFor(bob), HttpMethod.GET, "/api/orders/" + bobs)
                .expectStatus().isOk().returnResult(JsonNode.class).getResponseBody();
        assertThat(stillBobs.get("status").asString()).isNotEqualTo("CANCELLED");
    }

    @Test
    void aCustomerListsOnlyTheirOwnOrdersAndMayNotNameAnother() {
        placeAs(ada, ESPRESSO);
        placeAs(bob, ESPRESSO);

        var adas = listAs(ISSUER.bearerFor(ada), "");
        assertThat(adas.get("orders").valueStream().map(order -> order.get("customerId").asString())).containsOnly(ada);
        send(ISSUER.bearerFor(ada), HttpMethod.GET, "/api/orders?customerId=" + bob)
                .expectStatus().isForbidden()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void staffSeeAndCancelAnyonesOrderAndMustNameTheCustomerTheyOrderFor() {
        var adas = placeAs(ada, ESPRESSO).get("orderId").asString();

        send(ISSUER.bearerForStaff(), HttpMethod.GET, "/api/orders/" + adas).expectStatus().isOk();
        assertThat(listAs(ISSUER.bearerForStaff(), "?customerId=" + ada).get("totalElements").asLong()).isEqualTo(1);
        send(ISSUER.bearerForStaff(), HttpMethod.POST, "/api/orders/" + adas + "/cancel").expectStatus().isOk();
        send(ISSUER.bearerForStaff(), HttpMethod.POST, "/api/orders", ESPRESSO)
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[?(@.field == 'customerId')]").exists();
    }

    @Test
    void aTokenWithoutTheScopeOrWithoutARoleIs403() {
        var readOnly = "Bearer " + ISSUER.token(claims -> TestIssuer.customerClaims(claims, ada)
                .claim("scope", "orders:read"));
        var noOne = "Bearer " + ISSUER.token(claims -> claims.subject("some-client").claim("roles", List.of())
                .claim("scope", "orders:read orders:write"));

        send(readOnly, HttpMethod.POST, "/api/orders", ESPRESSO)
                .expectStatus().isForbidden()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().value(HttpHeaders.WWW_AUTHENTICATE, challenge -> assertThat(challenge).contains("insufficient_scope"));
        send(noOne, HttpMethod.GET, "/api/orders").expectStatus().isForbidden();
        assertThat(listAs(ISSUER.bearerForStaff(), "?customerId=" + ada).get("totalElements").asLong()).isZero();
    }

    @Test
    void aCustomerPlacingMoreThanTheLimitAllowsGets429WithRetryAfterAndStaffStillOrderForThem() {
        for (int i = 0; i < 10; i++) {
            placeAs(ada, ESPRESSO);
        }

        send(ISSUER.bearerFor(ada), HttpMethod.POST, "/api/orders", ESPRESSO)
                .expectStatus().isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
                .expectHeader().exists(HttpHeaders.RETRY_AFTER)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        send(ISSUER.bearerForStaff(), HttpMethod.POST, "/api/orders", OrderRequests.espresso(ada)).expectStatus().isAccepted();
        assertThat(listAs(ISSUER.bearerForStaff(), "?customerId=" + ada).get("totalElements").asLong()).isEqualTo(11);
    }

    @Test
    void anIdempotencyKeyIsTheCallersOwn() {
        var key = UUID.randomUUID().toString();

        var adas = send(ISSUER.bearerFor(ada), HttpMethod.POST, "/api/orders", ESPRESSO, key)
                .expectStatus().isAccepted().returnResult(JsonNode.class).getResponseBody();
        var bobs = send(ISSUER.bearerFor(bob), HttpMethod.POST, "/api/orders", ESPRESSO, key)
                .expectStatus().isAccepted().returnResult(JsonNode.class).getResponseBody();

        assertThat(bobs.get("customerId").asString()).isEqualTo(bob);
        assertThat(bobs.get("orderId")).isNotEqualTo(adas.get("orderId"));
    }

    private JsonNode placeAs(String customer, String body) {
        return send(ISSUER.bearerFor(customer), HttpMethod.POST, "/api/orders", body)
                .expectStatus().isEqualTo(HttpStatus.ACCEPTED)
                .returnResult(JsonNode.class).getResponseBody();
    }

    private JsonNode listAs(String authorization, String query) {
        return send(authorization, HttpMethod.GET, "/api/orders" + query)
                .expectStatus().isOk().returnResult(JsonNode.class).getResponseBody();
    }

    private RestTestClient.ResponseSpec send(String authorization, HttpMethod method, String path) {
        return send(authorization, method, path, null);
    }

    private RestTestClient.ResponseSpec send(String authorization, HttpMethod method, String path, String body) {
        return send(authorization, method, path, body, null);
    }

    private RestTestClient.ResponseSpec send(String authorization, HttpMethod method, String path, String body, String key) {
        // A client of its own: the test base's sends a staff token with every request.
        var request = RestTestClient.bindToServer().baseUrl("http://localhost:" + port).build().method(method).uri(path);
        if (authorization != null) {
            request.header(HttpHeaders.AUTHORIZATION, authorization);
        }
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).body(body);
        }
        return request.exchange();
    }
}
