package dev.foodorder.inventory;

import dev.foodorder.infrastructure.test.RealInfrastructure;
import dev.foodorder.infrastructure.test.TestIssuer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.client.RestClient;

import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Who may read and change the stock, and the dead letters: staff only, each with the scope of what they
 * do. A customer, however many scopes their token holds, is refused, and the stock stays as it was.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@RealInfrastructure
class InventoryAccessTest {

    private static final TestIssuer ISSUER = TestIssuer.get();
    private static final List<String> EVERY_SCOPE = TestIssuer.STAFF_SCOPES;

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    private RestClient http;
    private String sku;

    @BeforeEach
    void connect() {
        http = RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultStatusHandler(status -> true, (request, response) -> {
                })
                .build();
        sku = new Shelf(jdbc).stock(5, 2);
    }

    static Stream<Arguments> endpoints() {
        return Stream.of(
                arguments(HttpMethod.GET, "/api/inventory", null),
                arguments(HttpMethod.GET, "/api/inventory/margherita", null),
                arguments(HttpMethod.POST, "/api/inventory/margherita/restock", "{\"quantity\": 20}"),
                arguments(HttpMethod.GET, "/api/inventory/reservations/" + UUID.randomUUID(), null),
                arguments(HttpMethod.GET, "/api/dead-letters", null),
                arguments(HttpMethod.POST, "/api/dead-letters/replay", "{}"));
    }

    @ParameterizedTest
    @MethodSource("endpoints")
    void everyEndpointIs401WithoutATokenAnd403ForACustomerWithEveryScope(HttpMethod method, String path, String body) {
        var customerWithEveryScope = "Bearer " + ISSUER.token(claims -> TestIssuer.customerClaims(claims, "c-42")
                .claim("scope", EVERY_SCOPE));

        assertProblem(send(null, method, path, body), HttpStatus.UNAUTHORIZED);
        assertProblem(send(customerWithEveryScope, method, path, body), HttpStatus.FORBIDDEN);
    }

    @Test
    void aCustomerCannotRestockAndTheStockStaysAsItWas() {
        var response = send(ISSUER.bearerFor("c-42"), HttpMethod.POST, "/api/inventory/" + sku + "/restock", "{\"quantity\": 10000}");

        assertProblem(response, HttpStatus.FORBIDDEN);
        assertThat(jdbc.queryForObject("SELECT on_hand FROM stock WHERE sku = ?", Integer.class, sku)).isEqualTo(5);
    }

    @Test
    void staffWhoMayOnlyReadTheStockCannotRestock() {
        var readOnlyStaff = "Bearer " + ISSUER.token(claims -> claims.subject("staff").claim("roles", List.of("staff"))
                .claim("scope", "inventory:read"));

        assertThat(send(readOnlyStaff, HttpMethod.GET, "/api/inventory/" + sku, null).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertProblem(send(readOnlyStaff, HttpMethod.POST, "/api/inventory/" + sku + "/restock", "{\"quantity\": 10}"),
                HttpStatus.FORBIDDEN);
        assertThat(jdbc.queryForObject("SELECT on_hand FROM stock WHERE sku = ?", Integer.class, sku)).isEqualTo(5);
    }

    @Test
    void staffReadAndRestockTheStockAndReadTheDeadLetters() {
        var staff = ISSUER.bearerForStaff();

        assertThat(send(staff, HttpMethod.GET, "/api/inventory", null).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(send(staff, HttpMethod.POST, "/api/inventory/" + sku + "/restock", "{\"quantity\": 10}").getStatusCode())
                .isEqualTo(HttpStatus.OK);
        assertThat(send(staff, HttpMethod.GET, "/api/dead-letters", null).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(jdbc.queryForObject("SELECT on_hand FROM stock WHERE sku = ?", Integer.class, sku)).isEqualTo(15);
    }

    private ResponseEntity<String> send(String authorization, HttpMethod method, String path, String body) {
        var request = http.method(method).uri(path);
        if (authorization != null) {
            request.header(HttpHeaders.AUTHORIZATION, authorization);
        }
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).body(body);
        }
        return request.retrieve().toEntity(String.class);
    }

    private static void assertProblem(ResponseEntity<String> response, HttpStatus status) {
        assertThat(response.getStatusCode()).isEqualTo(status);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(response.getBody()).contains("\"status\":" + status.value());
    }
}
