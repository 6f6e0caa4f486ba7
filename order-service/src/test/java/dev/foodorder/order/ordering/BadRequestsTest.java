package dev.foodorder.order.ordering;

import dev.foodorder.infrastructure.test.TestIssuer;
import dev.foodorder.events.OrderId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static dev.foodorder.events.inventory.InventoryEventsMother.forOrder;
import static dev.foodorder.order.ordering.OrderRequests.espresso;
import static dev.foodorder.order.ordering.OrderRequests.margheritasAndTiramisu;
import static dev.foodorder.order.ordering.OrderRequests.newCustomer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Every kind of bad request gets its RFC 9457 problem, never a 500. */
class BadRequestsTest extends OrderServiceIntegrationTest {

    @Test
    void malformedJsonIs400() {
        post("{\"customerId\": \"c-42\", \"items\": [")
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.title").isEqualTo("Malformed request body");
    }

    @Test
    void textTheDatabaseCannotStoreIs400NotA500() {
        post("{\"customerId\": \"c-42\", \"customerEmail\": \"ada@example.org\", "
                + "\"items\": [{\"sku\": \"espresso\", \"quantity\": 1}], \"note\": \"a\\u0000b\"}")
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        http.get().uri(java.net.URI.create("http://localhost:" + port + "/api/orders?customerId=%00")).exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/orders/a%2Fb", "/api/orders/a%00b"})
    void aPathTheWebServerRefusesIsStillAProblem(String path) throws Exception {
        var response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + path))
                        .header("Authorization", TestIssuer.get().bearerForStaff()).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains("\"status\":400");
    }

    static Stream<Arguments> invalidOrders() {
        var fiftyOneItems = IntStream.range(0, 51).mapToObj(i -> "{\"sku\": \"margherita\", \"quantity\": 1}")
                .collect(Collectors.joining(","));
        return Stream.of(
                arguments(order("[]"), "items"),
                arguments(order("[" + fiftyOneItems + "]"), "items"),
                arguments(order("[{\"sku\": \"margherita\", \"quantity\": 0}]"), "items[0].quantity"),
                arguments(order("[{\"sku\": \"margherita\", \"quantity\": -1}]"), "items[0].quantity"),
                arguments(order("[{\"sku\": \"margherita\", \"quantity\": 101}]"), "items[0].quantity"),
                arguments(order("[{\"sku\": \"margherita\"}]"), "items[0].quantity"),
                arguments(order("[{\"quantity\": 1}]"), "items[0].sku"),
                arguments(order("[null]"), "items[0]"),
                arguments(order("[{\"sku\": \"margherita\", \"quantity\": 1}, {\"sku\": \"caviar\", \"quantity\": 1}]"), "items[1].sku"),
                arguments(order("[{\"sku\": \"margherita\", \"quantity\": 1}, {\"sku\": \"margherita\", \"quantity\": 2}]"), "items[1].sku"),
                arguments("{\"customerEmail\": \"ada@example.org\", \"items\": [{\"sku\": \"espresso\", \"quantity\": 1}]}", "customerId"),
                arguments("{\"customerId\": \"c-42\", \"customerEmail\": \"not an email\", \"items\": [{\"sku\": \"espresso\", \"quantity\": 1}]}", "customerEmail"),
                arguments("{\"customerId\": \"c-42\", \"customerEmail\": \"ada@example.org\", \"items\": [{\"sku\": \"espresso\", \"quantity\": 1}], \"note\": \"%s\"}"
                        .formatted("x".repeat(501)), "note"));
    }

    @ParameterizedTest
    @MethodSource("invalidOrders")
    void anInvalidOrderIs400NamingTheField(String body, String field) {
        post(body)
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.title").isEqualTo("Invalid request")
                .jsonPath("$.errors[?(@.field == '%s')]".formatted(field)).exists();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            [{"sku": "espresso", "quantity": 2.5}]                   | items[0].quantity
            [{"sku": "espresso", "quantity": "2"}]                   | items[0].quantity
            [{"sku": "espresso", "quantity": 99999999999}]           | items[0].quantity
            [{"sku": "espresso", "quantity": 1, "size": "large"}]    | items[0].size
            "espresso"                                               | items
            """)
    void aBodyOfTheWrongShapeIs400NamingTheFieldButNoJavaType(String items, String field) {
        post(order(items))
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.errors[?(@.field == '%s')]".formatted(field)).exists()
                .jsonPath("$.detail").value(detail -> assertThat(detail.toString()).doesNotContain("dev.foodorder"));
    }

    @Test
    void anUnknownOrderIs404() {
        var unknown = OrderId.random();

        http.get().uri("/api/orders/{id}", unknown).exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        http.post().uri("/api/orders/{id}/cancel", unknown).exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/orders/42", "/api/orders/not-a-uuid/cancel"})
    void anOrderIdThatIsNotAUuidIs400(String path) {
        var request = path.endsWith("/cancel") ? http.post().uri(path) : http.get().uri(path);

        request.exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @ParameterizedTest
    @ValueSource(strings = {"wait=-1", "wait=soon", "size=0", "size=101", "page=-1", "page=2147483647", "status=SHIPPED"})
    void anInvalidQueryParameterIs400(String query) {
        var path = query.startsWith("wait") ? "/api/orders/" + OrderId.random() : "/api/orders";

        http.get().uri(path + "?" + query).exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void cancellingACancelledOrderIs409() {
        var id = place(espresso(newCustomer()));
        http.post().uri("/api/orders/{id}/cancel", id).exchange().expectStatus().isOk();

        http.post().uri("/api/orders/{id}/cancel", id).exchange()
                .expectStatus().isEqualTo(HttpStatus.CONFLICT)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(detail -> assertThat(detail.toString()).contains("CANCELLED"));
    }

    @Test
    void cancellingARejectedOrderIs409() {
        var id = place(margheritasAndTiramisu(newCustomer()));
        publish(forOrder(id).soldOut());
        await().until(() -> order(id).get("status").asString().equals("REJECTED"));

        http.post().uri("/api/orders/{id}/cancel", id).exchange()
                .expectStatus().isEqualTo(HttpStatus.CONFLICT)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void aBlankCancellationReasonIs400() {
        var id = place(espresso(newCustomer()));

        http.post().uri("/api/orders/{id}/cancel", id).contentType(MediaType.APPLICATION_JSON).body("{\"reason\": \" \"}")
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("reason");
    }

    @Test
    void anOversizedBodyIs413() {
        post(order("[{\"sku\": \"espresso\", \"quantity\": 1, \"padding\": \"%s\"}]".formatted("x".repeat(70_000))))
                .expectStatus().isEqualTo(HttpStatus.CONTENT_TOO_LARGE)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void anOversizedBodyStreamedWithoutALengthIs413() throws Exception {
        var body = order("[{\"sku\": \"espresso\", \"quantity\": 1, \"padding\": \"%s\"}]".formatted("x".repeat(70_000)))
                .getBytes(StandardCharsets.UTF_8);
        // A publisher of unknown length makes the client send the body in chunks, with no Content-Length.
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/orders"))
                .header("Content-Type", MediaType.APPLICATION_JSON_VALUE)
                .header("Authorization", TestIssuer.get().bearerForStaff())
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build();

        try (var client = HttpClient.newHttpClient()) {
            var response = client.send(request, HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(413);
            assertThat(response.headers().firstValue("Content-Type")).hasValue(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        }
    }

    @Test
    void aBodyThatIsNotJsonIs415() {
        http.post().uri("/api/orders").contentType(MediaType.TEXT_PLAIN).body("2 margherita please")
                .exchange()
                .expectStatus().isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void anIdempotencyKeyLongerThan255CharactersIs400() {
        http.post().uri("/api/orders").contentType(MediaType.APPLICATION_JSON)
                .header("Idempotency-Key", "k".repeat(256))
                .body(espresso(newCustomer()))
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    private RestTestClient.ResponseSpec post(String body) {
        return http.post().uri("/api/orders").contentType(MediaType.APPLICATION_JSON).body(body).exchange();
    }

    private static String order(String items) {
        return "{\"customerId\": \"c-42\", \"customerEmail\": \"ada@example.org\", \"items\": " + items + "}";
    }
}
