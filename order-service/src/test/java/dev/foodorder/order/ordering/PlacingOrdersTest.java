package dev.foodorder.order.ordering;

import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.boot.test.web.server.LocalManagementPort;
import dev.foodorder.events.CloudEventHeaders;
import dev.foodorder.events.EventEnvelope;
import dev.foodorder.events.EventType;
import dev.foodorder.events.OrderId;
import dev.foodorder.events.Topics;
import dev.foodorder.events.order.OrderCancelled;
import dev.foodorder.events.order.OrderPlaced;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static dev.foodorder.events.inventory.InventoryEventsMother.forOrder;
import static dev.foodorder.infrastructure.test.TopicReader.header;
import static dev.foodorder.order.ordering.OrderRequests.espresso;
import static dev.foodorder.order.ordering.OrderRequests.margheritasAndTiramisu;
import static dev.foodorder.order.ordering.OrderRequests.newCustomer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Placing, reading, listing and cancelling orders over HTTP, and what the service publishes in return. */
class PlacingOrdersTest extends OrderServiceIntegrationTest {

    @Test
    void theMenuListsTheDozenItemsTheInventoryStocks() {
        var menu = http.get().uri("/api/menu").exchange()
                .expectStatus().isOk()
                .returnResult(String.class).getResponseBody();

        // Money goes over the wire with its cents, as the menu states it.
        assertThat(menu).contains("{\"sku\":\"margherita\",\"name\":\"Pizza Margherita\",\"price\":9.50,\"currency\":\"EUR\"}");
        var items = JsonMapper.shared().readTree(menu);
        var prices = items.valueStream().collect(Collectors.toMap(item -> item.get("sku").asString(), item -> item.get("price").asString()));
        assertThat(prices).hasSize(12)
                .containsEntry("tiramisu", "5.5")
                .containsEntry("lemonade", "3.5");
        assertThat(items.valueStream().map(item -> item.get("currency").asString())).containsOnly("EUR");
    }

    @Test
    void placingAnOrderAnswers202WithItsLocationAndThePricedOrder() {
        var response = http.post().uri("/api/orders").contentType(MediaType.APPLICATION_JSON)
                .body(margheritasAndTiramisu(newCustomer()))
                .exchange()
                .expectStatus().isAccepted()
                .returnResult(JsonNode.class);

        var order = response.getResponseBody();
        assertThat(order.propertyNames()).containsExactlyInAnyOrder("orderId", "customerId", "customerEmail", "status",
                "items", "total", "currency", "note", "placedAt", "updatedAt", "history");
        assertThat(order.get("status").asString()).isEqualTo("PENDING");
        assertThat(order.at("/items/0/sku").asString()).isEqualTo("margherita");
        assertThat(order.at("/items/0/name").asString()).isEqualTo("Pizza Margherita");
        assertThat(order.at("/items/0/unitPrice").decimalValue()).isEqualByComparingTo("9.50");
        assertThat(order.at("/items/0/lineTotal").decimalValue()).isEqualByComparingTo("19.00");
        assertThat(order.get("total").decimalValue()).isEqualByComparingTo("24.50");
        assertThat(order.get("currency").asString()).isEqualTo("EUR");
        assertThat(order.get("note").asString()).isEqualTo("no onions");
        assertThat(order.get("placedAt").asString()).isEqualTo(order.get("updatedAt").asString());
        var location = response.getResponseHeaders().getLocation();
        assertThat(location).hasToString("/api/orders/" + order.get("orderId").asString());
        http.get().uri(location.toString()).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.orderId").isEqualTo(order.get("orderId").asString());
    }

    @Test
    void placingAnOrderPublishesOrderPlacedWithItsCloudEventsHeaders() {
        var customer = newCustomer();
        var id = place(margheritasAndTiramisu(customer));

        var record = awaitRecords(Topics.ORDERS, id, 1).getFirst();

        assertThat(header(record, CloudEventHeaders.SPEC_VERSION)).isEqualTo("1.0");
        assertThat(header(record, CloudEventHeaders.TYPE)).isEqualTo("food.order.placed.v1");
        assertThat(header(record, CloudEventHeaders.SOURCE)).isEqualTo("/order-service");
        assertThat(header(record, CloudEventHeaders.SUBJECT)).isEqualTo(id.toString());
        assertThat(header(record, CloudEventHeaders.CONTENT_TYPE)).isEqualTo("application/json");
        assertThat(UUID.fromString(header(record, CloudEventHeaders.ID)))
                .hasToString(order(id).at("/history/0/eventId").asString());
        var placed = (OrderPlaced) decode(record).data();
        assertThat(placed.orderId()).isEqualTo(id);
        assertThat(placed.customerId()).isEqualTo(customer);
        assertThat(placed.customerEmail()).isEqualTo("ada@example.org");
        assertThat(placed.lines()).containsExactly(
                new OrderPlaced.Line("margherita", "Pizza Margherita", 2, new BigDecimal("9.50")),
                new OrderPlaced.Line("tiramisu", "Tiramisu", 1, new BigDecimal("5.50")));
        assertThat(placed.total()).isEqualByComparingTo("24.50");
        assertThat(placed.currency()).isEqualTo("EUR");
        assertThat(Instant.parse(header(record, CloudEventHeaders.TIME))).isEqualTo(placed.placedAt());
    }

    @Test
    void orderPlacedCarriesTheTraceOfTheRequestThatPlacedIt() {
        var traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        var body = http.post().uri("/api/orders").contentType(MediaType.APPLICATION_JSON)
                .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                .body(margheritasAndTiramisu(newCustomer()))
                .exchange()
                .expectStatus().isAccepted()
                .returnResult(JsonNode.class).getResponseBody();
        var id = OrderId.parse(body.get("orderId").asString());

        var record = awaitRecords(Topics.ORDERS, id, 1).getFirst();

        assertThat(header(record, CloudEventHeaders.TRACEPARENT)).startsWith("00-" + traceId + "-");
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyReturnsTheSameOrderAndPlacesNothingNew() {
        var customer = newCustomer();
        var key = UUID.randomUUID().toString();
        var first = placeWithKey(key, margheritasAndTiramisu(customer));

        var retry = http.post().uri("/api/orders").contentType(MediaType.APPLICATION_JSON)
                .header("Idempotency-Key", key)
                // The same request, differently formatted.
                .body("""
                        {"items": [{"quantity": 2, "sku": "margherita"}, {"sku": "tiramisu", "quantity": 1}],
                         "note": "no onions", "customerEmail": "ada@example.org", "customerId": "%s"}""".formatted(customer))
                .exchange()
                .expectStatus().isAccepted()
                .expectHeader().valueEquals("Idempotent-Replayed", "true")
                .expectHeader().valueEquals("Location", "/api/orders/" + first)
                .returnResult(JsonNode.class).getResponseBody();

        assertThat(retry.get("orderId").asString()).isEqualTo(first.toString());
        assertThat(ordersOf(customer).get("totalElements").asInt()).isEqualTo(1);
        cancel(first);
        assertThat(awaitEvents(first, 2)).extracting(EventEnvelope::type)
                .containsExactly(EventType.ORDER_PLACED, EventType.ORDER_CANCELLED);
    }

    @Test
    void concurrentRetriesWithTheSameIdempotencyKeyPlaceOneOrder() {
        var customer = newCustomer();
        var key = UUID.randomUUID().toString();

        var placed = IntStream.range(0, 8)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> placeWithKey(key, espresso(customer))))
                .toList().stream().map(CompletableFuture::join).distinct().toList();

        assertThat(placed).hasSize(1);
        assertThat(ordersOf(customer).get("totalElements").asInt()).isEqualTo(1);
    }

    @Test
    void theSameIdempotencyKeyWithADifferentRequestIsRefusedWith422() {
        var customer = newCustomer();
        var key = UUID.randomUUID().toString();
        placeWithKey(key, margheritasAndTiramisu(customer));

        http.post().uri("/api/orders").contentType(MediaType.APPLICATION_JSON)
                .header("Idempotency-Key", key)
                .body(espresso(customer))
                .exchange()
                .expectStatus().isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").isEqualTo("This Idempotency-Key was used for a different request.");

        assertThat(ordersOf(customer).get("totalElements").asInt()).isEqualTo(1);
    }

    @Test
    void listsACustomersOrdersNewestFirstAndFiltersThemByStatus() {
        var customer = newCustomer();
        var first = place(espresso(customer));
        var second = place(espresso(customer));
        var third = place(espresso(customer));
        cancel(second);
        place(espresso(newCustomer()));

        var all = ordersOf(customer);
        assertThat(all.get("totalElements").asInt()).isEqualTo(3);
        assertThat(all.get("orders").valueStream().map(order -> order.get("orderId").asString()))
                .containsExactly(third.toString(), second.toString(), first.toString());

        var cancelled = http.get().uri("/api/orders?customerId={customer}&status=CANCELLED", customer).exchange()
                .expectStatus().isOk()
                .returnResult(JsonNode.class).getResponseBody();
        assertThat(cancelled.get("orders").valueStream().map(order -> order.get("orderId").asString()))
                .containsExactly(second.toString());

        http.get().uri("/api/orders?customerId={customer}&page=1&size=2", customer).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.orders.length()").isEqualTo(1)
                .jsonPath("$.orders[0].orderId").isEqualTo(first.toString())
                .jsonPath("$.page").isEqualTo(1)
                .jsonPath("$.totalPages").isEqualTo(2);
    }

    @Test
    void cancellingAConfirmedOrderPublishesOrderCancelledWithTheReason() {
        var id = place(margheritasAndTiramisu(newCustomer()));
        publish(forOrder(id).reserved());
        await().until(() -> order(id).get("status").asString().equals("CONFIRMED"));

        var cancelled = http.post().uri("/api/orders/{id}/cancel", id).contentType(MediaType.APPLICATION_JSON)
                .body("{\"reason\": \"changed my mind\"}")
                .exchange()
                .expectStatus().isOk()
                .returnResult(JsonNode.class).getResponseBody();

        assertThat(cancelled.get("status").asString()).isEqualTo("CANCELLED");
        assertThat(cancelled.get("cancellationReason").asString()).isEqualTo("changed my mind");
        var events = awaitEvents(id, 3);
        assertThat(events).extracting(EventEnvelope::type)
                .containsExactly(EventType.ORDER_PLACED, EventType.ORDER_CONFIRMED, EventType.ORDER_CANCELLED);
        assertThat(((OrderCancelled) events.get(2).data()).reason()).isEqualTo("changed my mind");
    }

    @Test
    void theApiDocumentsAnExampleOrderThatCanBePlacedAsItStands() {
        var docs = http.get().uri("/v3/api-docs").exchange()
                .expectStatus().isOk()
                .returnResult(JsonNode.class).getResponseBody();
        var request = docs.at("/components/schemas/PlaceOrderRequest/properties");
        var item = docs.at("/components/schemas/OrderItem/properties");
        // What Swagger UI's "Try it out" fills in, built from the documented examples.
        var example = """
                {"customerId": "%s", "customerEmail": "%s", "items": [{"sku": "%s", "quantity": %d}], "note": "%s"}"""
                .formatted(request.at("/customerId/example").asString(), request.at("/customerEmail/example").asString(),
                        item.at("/sku/example").asString(), item.at("/quantity/example").asInt(),
                        request.at("/note/example").asString());

        var id = place(example);

        assertThat(order(id).get("total").decimalValue()).isEqualByComparingTo("19.00");
        http.get().uri("/swagger-ui.html").exchange().expectStatus().is3xxRedirection();
    }

    @Test
    void eventCatalogBesideSwaggerUiShowsWhatThisServiceSendsAndReceives() {
        http.get().uri("/asyncapi-ui.html").exchange()
                .expectStatus().is3xxRedirection()
                .expectHeader().value("Location", location -> assertThat(location).endsWith("/springwolf/asyncapi-ui.html"));
        http.get().uri("/springwolf/asyncapi-ui.html").exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML);
        var catalog = http.get().uri("/springwolf/docs").exchange()
                .expectStatus().isOk()
                .returnResult(JsonNode.class).getResponseBody();

        assertThat(catalog.at("/info/title").asString()).startsWith("order-service: ");
        assertThat(catalog.path("operations").propertyNames()).isNotEmpty().allMatch(name -> name.startsWith("orderService"));
        assertThat(catalog.at("/components/schemas/OrderPlaced/title").asString()).isEqualTo("food.order.placed.v1");
        http.get().uri("/springwolf/ui-config").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.initialConfig.showHeaders").isEqualTo(true);
    }

    @Test
    void readinessChecksTheDatabaseAndPrometheusCountsPlacedOrdersOnTheManagementPortOnly(@LocalManagementPort int managementPort) {
        place(espresso(newCustomer()));
        var management = RestTestClient.bindToServer().baseUrl("http://localhost:" + managementPort).build();

        http.get().uri("/actuator/health/readiness").exchange().expectStatus().isNotFound();
        management.get().uri("/actuator/health/readiness").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP");
        var metrics = management.get().uri("/actuator/prometheus").exchange()
                .expectStatus().isOk()
                .returnResult(String.class).getResponseBody();
        assertThat(metrics).contains("orders_placed_total", "orders_time_to_outcome_seconds_bucket", "outbox_backlog");
    }

    /** The analytics service's live page places orders from its own origin, which application.yml allows. */
    @Test
    void answersTheLivePagesPreflightButNoOtherOrigin() {
        http.options().uri("/api/orders").header(HttpHeaders.ORIGIN, "http://localhost:8085")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "content-type,idempotency-key").exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "http://localhost:8085");

        http.options().uri("/api/orders").header(HttpHeaders.ORIGIN, "http://elsewhere.example")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST").exchange()
                .expectStatus().isForbidden()
                .expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
    }

    private OrderId placeWithKey(String key, String body) {
        var order = http.post().uri("/api/orders").contentType(MediaType.APPLICATION_JSON)
                .header("Idempotency-Key", key)
                .body(body)
                .exchange()
                .expectStatus().isAccepted()
                .returnResult(JsonNode.class).getResponseBody();
        return OrderId.parse(order.get("orderId").asString());
    }

    private JsonNode ordersOf(String customer) {
        return http.get().uri("/api/orders?customerId={customer}", customer).exchange()
                .expectStatus().isOk()
                .returnResult(JsonNode.class).getResponseBody();
    }

    private void cancel(OrderId id) {
        http.post().uri("/api/orders/{id}/cancel", id).exchange().expectStatus().isOk();
    }
}
