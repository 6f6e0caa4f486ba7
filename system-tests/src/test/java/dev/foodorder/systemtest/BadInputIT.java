package dev.foodorder.systemtest;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static dev.foodorder.systemtest.RunningSystem.INVENTORY;
import static dev.foodorder.systemtest.RunningSystem.NOTIFICATION;
import static dev.foodorder.systemtest.RunningSystem.ORDER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenario 8: what a careless or hostile client sends, on every endpoint of the three services.
 * Each request is answered with the 4xx it deserves and an RFC 9457 problem+json body, never a 5xx;
 * it changes nothing, and the services stay healthy and keep taking orders.
 */
@SystemTest
@Order(8)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("8. Bad input on every endpoint")
class BadInputIT {

    private static final String JSON = "application/json";
    private static final String VALID_ITEM = "{\"sku\":\"margherita\",\"quantity\":1}";
    private static final String HUGE = "x".repeat(100_000);

    private static Scenario scenario;
    private static final AtomicInteger sent = new AtomicInteger();
    private static final List<String> answeredWrongly = Collections.synchronizedList(new ArrayList<>());
    private final RunningSystem system;

    BadInputIT(RunningSystem system) {
        this.system = system;
    }

    @BeforeAll
    static void begin(RunningSystem system) {
        scenario = Scenario.begin(system, 8, "Bad input on every endpoint");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    @Order(1)
    void answersWithTheRightClientErrorAsProblemDetails(BadRequest bad) {
        var response = system.http(bad.service()).send(bad.request(system.http(bad.service())));

        sent.incrementAndGet();
        if (response.status() != bad.expectedStatus() || !response.isProblem()) {
            answeredWrongly.add("%d %s".formatted(response.status(), response.contentType().orElse("").replaceFirst(";.*", "")));
        }
        assertThat(response.status()).as("%s: %s", bad, response).isEqualTo(bad.expectedStatus());
        assertThat(response.isProblem()).as("%s answered with problem+json: %s", bad, response).isTrue();
        var problem = response.json();
        assertThat(problem.get("status").asInt()).as("the problem's status").isEqualTo(response.status());
        assertThat(problem.get("title").asString()).as("the problem's title").isNotBlank();
    }

    @Test
    @Order(2)
    void refusesAnIdempotencyKeyUsedForADifferentOrder() {
        var key = UUID.randomUUID().toString();
        scenario.place(scenario.customer(1), Map.of("espresso", 1), "Idempotency-Key", key);

        var other = system.orders().place(OrderApi.NewOrder.of(scenario.customer(1), Map.of("espresso", 2)), "Idempotency-Key", key);

        assertThat(other.status()).as("%s", other).isEqualTo(422);
        assertThat(other.isProblem()).isTrue();
    }

    @Test
    @Order(3)
    void theServicesStayHealthyAndOrdersStillFlow() {
        for (var service : List.of(ORDER, INVENTORY, NOTIFICATION)) {
            var readiness = system.http(service).actuator("/actuator/health/readiness");
            assertThat(readiness.status()).as("%s readiness: %s", service, readiness).isEqualTo(200);
            assertThat(system.process(service).isRunning()).isTrue();
        }
        var order = scenario.place(scenario.customer(2), Map.of("caesar-salad", 1), "Prefer", "wait=10");

        assertThat(system.orders().get(order.id()).status()).isEqualTo("CONFIRMED");
    }

    @Test
    @Order(4)
    void theBadRequestsChangedNothing() {
        var wrongly = answeredWrongly.stream().collect(Collectors.groupingBy(answer -> answer, TreeMap::new, Collectors.counting()));
        scenario.note("%d bad requests: %d answered with the expected 4xx and problem+json%s", sent.get(),
                sent.get() - answeredWrongly.size(), wrongly.isEmpty() ? "" : "; answered otherwise (see the test report): "
                        + wrongly.entrySet().stream().map(answer -> answer.getValue() + " with " + answer.getKey())
                        .collect(Collectors.joining(", ")));
        scenario.assertBooksBalance(Duration.ofMinutes(1));
    }

    static List<BadRequest> badRequests() {
        var unknownOrder = UUID.randomUUID();
        var requests = new ArrayList<BadRequest>();
        // POST /api/orders
        requests.addAll(List.of(
                post(ORDER, "/api/orders", "malformed JSON", "{\"customerId\": \"c-1\",", 400),
                post(ORDER, "/api/orders", "a JSON array instead of an object", "[1, 2, 3]", 400),
                post(ORDER, "/api/orders", "the JSON literal null", "null", 400),
                post(ORDER, "/api/orders", "an empty body", "", 400),
                post(ORDER, "/api/orders", "a quantity as text", order("{\"sku\":\"margherita\",\"quantity\":\"two\"}"), 400),
                post(ORDER, "/api/orders", "a fractional quantity", order("{\"sku\":\"margherita\",\"quantity\":2.5}"), 400),
                post(ORDER, "/api/orders", "a negative quantity", order("{\"sku\":\"margherita\",\"quantity\":-1}"), 400),
                post(ORDER, "/api/orders", "a quantity of zero", order("{\"sku\":\"margherita\",\"quantity\":0}"), 400),
                post(ORDER, "/api/orders", "a quantity over the maximum", order("{\"sku\":\"margherita\",\"quantity\":101}"), 400),
                post(ORDER, "/api/orders", "a quantity beyond int", order("{\"sku\":\"margherita\",\"quantity\":2147483648}"), 400),
                post(ORDER, "/api/orders", "an enormous quantity", order("{\"sku\":\"margherita\",\"quantity\":99999999999999999999999}"), 400),
                post(ORDER, "/api/orders", "a quantity of 1e400", order("{\"sku\":\"margherita\",\"quantity\":1e400}"), 400),
                post(ORDER, "/api/orders", "items as a string", "{\"customerId\":\"c-1\",\"customerEmail\":\"c@example.org\",\"items\":\"margherita\"}", 400),
                post(ORDER, "/api/orders", "no items", order(""), 400),
                post(ORDER, "/api/orders", "51 lines", order(String.join(",", Collections.nCopies(51, VALID_ITEM))), 400),
                post(ORDER, "/api/orders", "a null line", order("null"), 400),
                post(ORDER, "/api/orders", "a sku not on the menu", order("{\"sku\":\"unicorn\",\"quantity\":1}"), 400),
                post(ORDER, "/api/orders", "the same sku on two lines", order(VALID_ITEM + "," + VALID_ITEM), 400),
                post(ORDER, "/api/orders", "an unknown field", "{\"customerId\":\"c-1\",\"customerEmail\":\"c@example.org\",\"items\":["
                        + VALID_ITEM + "],\"coupon\":\"FREE\"}", 400),
                post(ORDER, "/api/orders", "no customer email", "{\"customerId\":\"c-1\",\"items\":[" + VALID_ITEM + "]}", 400),
                post(ORDER, "/api/orders", "an email that is not one", "{\"customerId\":\"c-1\",\"customerEmail\":\"nobody\",\"items\":["
                        + VALID_ITEM + "]}", 400),
                post(ORDER, "/api/orders", "a customer id of 65 characters", "{\"customerId\":\"" + "c".repeat(65)
                        + "\",\"customerEmail\":\"c@example.org\",\"items\":[" + VALID_ITEM + "]}", 400),
                post(ORDER, "/api/orders", "a body of 100 KB", "{\"customerId\":\"" + HUGE + "\"}", 413),
                new BadRequest(ORDER, "POST", "/api/orders", "a streamed body of 100 KB", JSON, "{\"note\":\"" + HUGE + "\"}", true, 413),
                new BadRequest(ORDER, "POST", "/api/orders", "text/plain", "text/plain", order(VALID_ITEM), false, 415),
                new BadRequest(ORDER, "POST", "/api/orders", "XML", "application/xml", "<order/>", false, 415),
                new BadRequest(ORDER, "POST", "/api/orders", "no content type", null, order(VALID_ITEM), false, 415),
                new BadRequest(ORDER, "POST", "/api/orders", "an Idempotency-Key of 256 characters", JSON, order(VALID_ITEM), false, 400,
                        "Idempotency-Key", "k".repeat(256))));
        // GET /api/orders, /api/orders/{id}, POST /api/orders/{id}/cancel
        requests.addAll(List.of(
                get(ORDER, "/api/orders/not-a-uuid", 400),
                get(ORDER, "/api/orders/" + unknownOrder, 404),
                get(ORDER, "/api/orders/" + unknownOrder + "?wait=-1", 400),
                get(ORDER, "/api/orders/" + unknownOrder + "?wait=soon", 400),
                get(ORDER, "/api/orders/" + unknownOrder + "?wait=99999999999", 400),
                get(ORDER, "/api/orders?status=LOST", 400),
                get(ORDER, "/api/orders?page=-1", 400),
                get(ORDER, "/api/orders?page=first", 400),
                get(ORDER, "/api/orders?size=0", 400),
                get(ORDER, "/api/orders?size=101", 400),
                post(ORDER, "/api/orders/" + unknownOrder + "/cancel", "an unknown order", "", 404),
                post(ORDER, "/api/orders/not-a-uuid/cancel", "an id that is not one", "", 400),
                post(ORDER, "/api/orders/" + unknownOrder + "/cancel", "a blank reason", "{\"reason\":\"  \"}", 400),
                post(ORDER, "/api/orders/" + unknownOrder + "/cancel", "a reason of 501 characters", "{\"reason\":\"" + "r".repeat(501) + "\"}", 400),
                post(ORDER, "/api/orders/" + unknownOrder + "/cancel", "malformed JSON", "{\"reason\":", 400),
                new BadRequest(ORDER, "DELETE", "/api/orders/" + unknownOrder, "DELETE", null, null, false, 405),
                new BadRequest(ORDER, "FOO", "/api/orders", "a method HTTP does not have", null, null, false, 405),
                new BadRequest(ORDER, "GET", "/api/orders/" + unknownOrder, "asking for XML", null, null, false, 406,
                        "Accept", "application/xml"),
                get(ORDER, "/api/nothing-here", 404)));
        // Text PostgreSQL cannot store (U+0000), in a body or a query
        requests.addAll(List.of(
                post(ORDER, "/api/orders", "a NUL character in the note", "{\"customerId\":\"c-1\",\"customerEmail\":\"c@example.org\",\"items\":["
                        + VALID_ITEM + "],\"note\":\"a\\u0000b\"}", 400),
                post(ORDER, "/api/orders", "a NUL character in the customer id", "{\"customerId\":\"c\\u0000\",\"customerEmail\":\"c@example.org\",\"items\":["
                        + VALID_ITEM + "]}", 400),
                post(ORDER, "/api/orders", "a NUL character in a sku", order("{\"sku\":\"margh\\u0000erita\",\"quantity\":1}"), 400),
                get(ORDER, "/api/orders?customerId=%00", 400),
                get(NOTIFICATION, "/api/notifications?customerId=%00", 400)));
        // Refused by the web server before the application sees the request
        requests.addAll(List.of(
                get(ORDER, "/api/orders/a%2Fb", 400),
                get(INVENTORY, "/api/inventory/margherita%00", 400),
                get(INVENTORY, "/api/inventory/" + "m".repeat(9_000), 400)));
        // The inventory
        requests.addAll(List.of(
                get(INVENTORY, "/api/inventory/unicorn", 404),
                get(INVENTORY, "/api/inventory?page=-1", 400),
                get(INVENTORY, "/api/inventory?size=0", 400),
                get(INVENTORY, "/api/inventory?size=1000", 400),
                get(INVENTORY, "/api/inventory?size=many", 400),
                get(INVENTORY, "/api/inventory/reservations/not-a-uuid", 400),
                get(INVENTORY, "/api/inventory/reservations/" + unknownOrder, 404),
                post(INVENTORY, "/api/inventory/margherita/restock", "a quantity of zero", "{\"quantity\":0}", 400),
                post(INVENTORY, "/api/inventory/margherita/restock", "a negative quantity", "{\"quantity\":-5}", 400),
                post(INVENTORY, "/api/inventory/margherita/restock", "a quantity over the maximum", "{\"quantity\":10001}", 400),
                post(INVENTORY, "/api/inventory/margherita/restock", "an enormous quantity", "{\"quantity\":99999999999999999999}", 400),
                post(INVENTORY, "/api/inventory/margherita/restock", "a quantity as text", "{\"quantity\":\"ten\"}", 400),
                post(INVENTORY, "/api/inventory/margherita/restock", "a fractional quantity", "{\"quantity\":1.5}", 400),
                post(INVENTORY, "/api/inventory/margherita/restock", "no quantity", "{}", 400),
                post(INVENTORY, "/api/inventory/margherita/restock", "an unknown field", "{\"quantity\":1,\"free\":true}", 400),
                post(INVENTORY, "/api/inventory/margherita/restock", "malformed JSON", "{\"quantity\"", 400),
                post(INVENTORY, "/api/inventory/margherita/restock", "a body of 100 KB", "{\"quantity\":1,\"x\":\"" + HUGE + "\"}", 413),
                post(INVENTORY, "/api/inventory/unicorn/restock", "an unknown sku", "{\"quantity\":1}", 404),
                new BadRequest(INVENTORY, "POST", "/api/inventory/margherita/restock", "text/plain", "text/plain", "{\"quantity\":1}", false, 415),
                new BadRequest(INVENTORY, "DELETE", "/api/inventory/margherita", "DELETE", null, null, false, 405)));
        // The notifications
        requests.addAll(List.of(
                get(NOTIFICATION, "/api/notifications?type=CAKE", 400),
                get(NOTIFICATION, "/api/notifications?page=-1", 400),
                get(NOTIFICATION, "/api/notifications?size=0", 400),
                get(NOTIFICATION, "/api/notifications?size=101", 400),
                get(NOTIFICATION, "/api/notifications/first", 400),
                get(NOTIFICATION, "/api/notifications/99999999999999999999", 400),
                get(NOTIFICATION, "/api/notifications/123456789", 404),
                get(NOTIFICATION, "/api/notifications/-1", 404),
                post(NOTIFICATION, "/api/notifications", "a POST to a read-only list", "{}", 405)));
        return requests;
    }

    private static String order(String items) {
        return "{\"customerId\":\"s8-customer-0\",\"customerEmail\":\"s8@example.org\",\"items\":[" + items + "]}";
    }

    private static BadRequest get(String service, String path, int expectedStatus) {
        return new BadRequest(service, "GET", path, "", null, null, false, expectedStatus);
    }

    private static BadRequest post(String service, String path, String what, String body, int expectedStatus) {
        return new BadRequest(service, "POST", path, what, JSON, body, false, expectedStatus);
    }

    /**
     * @param chunked whether the body is streamed without a declared length
     */
    record BadRequest(String service, String method, String path, String what, String contentType, String body,
                      boolean chunked, int expectedStatus, String... headers) {

        HttpRequest.Builder request(Http http) {
            var request = http.request(path, headers);
            if (contentType != null) {
                request.header("Content-Type", contentType);
            }
            var bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            return request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : chunked ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))
                    : HttpRequest.BodyPublishers.ofByteArray(bytes));
        }

        @Override
        public String toString() {
            return "%s %s %s%s -> %d".formatted(service, method, path.length() > 80 ? path.substring(0, 80) + "..." : path,
                    what.isEmpty() ? "" : " (" + what + ")", expectedStatus);
        }
    }
}
