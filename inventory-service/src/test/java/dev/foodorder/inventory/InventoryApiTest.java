package dev.foodorder.inventory;

import org.springframework.boot.test.web.server.LocalManagementPort;
import dev.foodorder.infrastructure.test.TestIssuer;
import dev.foodorder.events.EventEnvelope;
import dev.foodorder.events.EventType;
import dev.foodorder.events.OrderId;
import dev.foodorder.events.Topics;
import dev.foodorder.events.inventory.StockReplenished;
import dev.foodorder.infrastructure.test.Infrastructure;
import dev.foodorder.infrastructure.test.RealInfrastructure;
import dev.foodorder.infrastructure.test.TopicReader;
import dev.foodorder.messaging.outbox.OutboxRelay;
import dev.foodorder.service.api.IdempotencyKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.UUID;

import static dev.foodorder.events.order.OrderEventsMother.anOrder;
import static dev.foodorder.events.order.OrderEventsMother.line;
import static dev.foodorder.inventory.Published.eventTypes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The HTTP API on a real port, the operations endpoints, and the documented examples. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@RealInfrastructure
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InventoryApiTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final TopicReader inventory = new TopicReader(Infrastructure.get().kafkaBootstrapServers(), Topics.INVENTORY);
    private RestClient http;
    private Markers markers;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    KafkaTemplate<Object, Object> kafka;

    @Autowired
    OutboxRelay relay;

    @Autowired
    PlatformTransactionManager transactionManager;

    private int managementPort;

    @BeforeAll
    void connect(@LocalServerPort int port, @LocalManagementPort int managementPort) {
        this.managementPort = managementPort;
        http = RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultHeader("Authorization", TestIssuer.get().bearerForStaff())
                .defaultStatusHandler(status -> true, (request, response) -> {
                })
                .build();
        markers = new Markers(jdbc, relay, transactionManager);
    }

    @AfterAll
    void close() {
        inventory.close();
    }

    @Test
    void listsTheSeededStockInSkuOrderOnePageAtATime() {
        var first = json(get("/api/inventory?size=5"));
        var second = json(get("/api/inventory?page=1&size=5"));

        assertThat(first.get("items")).hasSize(5);
        assertThat(first.get("items").get(0).get("sku").asString()).isEqualTo("bruschetta");
        assertThat(first.get("totalItems").asLong()).isGreaterThanOrEqualTo(12);
        assertThat(first.get("page").asInt()).isZero();
        assertThat(first.get("items").get(4).get("sku").asString()).isEqualTo("espresso");
        assertThat(second.get("items").get(0).get("sku").asString()).isEqualTo("lasagna");
    }

    @Test
    void showsTheStockOfOneSku() {
        var cake = new Shelf(jdbc).stock(3, 5);
        jdbc.update("UPDATE stock SET reserved = 1 WHERE sku = ?", cake);

        var response = get("/api/inventory/" + cake);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        var stock = json(response);
        assertThat(stock.get("sku").asString()).isEqualTo(cake);
        assertThat(stock.get("name").asString()).isEqualTo("Test dish " + cake);
        assertThat(stock.get("onHand").asInt()).isEqualTo(3);
        assertThat(stock.get("reserved").asInt()).isEqualTo(1);
        assertThat(stock.get("available").asInt()).isEqualTo(2);
        assertThat(stock.get("threshold").asInt()).isEqualTo(5);
        assertThat(stock.get("low").asBoolean()).isTrue();
    }

    @Test
    void restockingAddsUnitsAndPublishesStockReplenished() {
        var sku = new Shelf(jdbc).stock(5, 2);

        var response = post("/api/inventory/" + sku + "/restock", "{\"quantity\": 20}");

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(json(response).get("onHand").asInt()).isEqualTo(25);
        var event = (StockReplenished) Published.events(inventory, sku, 1).getFirst();
        assertThat(event.sku()).isEqualTo(sku);
        assertThat(event.quantityAdded()).isEqualTo(20);
        assertThat(event.available()).isEqualTo(json(response).get("available").asInt());
    }

    @Test
    void aRestockSentAgainWithItsIdempotencyKeyAddsTheUnitsOnce() {
        var sku = new Shelf(jdbc).stock(5, 2);
        var key = "delivery-" + UUID.randomUUID();

        var first = post("/api/inventory/" + sku + "/restock", "{\"quantity\": 20}", key);
        var again = post("/api/inventory/" + sku + "/restock", "{\"quantity\": 20}", key);

        assertThat(first.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(first.getHeaders().containsHeader(IdempotencyKey.REPLAYED)).isFalse();
        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(again.getHeaders().getFirst(IdempotencyKey.REPLAYED)).isEqualTo("true");
        assertThat(json(again).get("onHand").asInt()).isEqualTo(25);
        assertThat(eventTypes(inventory, sku, markers)).containsExactly(EventType.STOCK_REPLENISHED.type());
        assertThat(json(get("/api/inventory/" + sku)).get("onHand").asInt()).isEqualTo(25);
    }

    @Test
    void anIdempotencyKeyUsedForAnotherRestockIsRefusedAndAddsNothing() {
        var shelf = new Shelf(jdbc);
        var sku = shelf.stock(5, 2);
        var other = shelf.stock(5, 2);
        var key = "delivery-" + UUID.randomUUID();
        post("/api/inventory/" + sku + "/restock", "{\"quantity\": 20}", key);

        assertProblem(post("/api/inventory/" + sku + "/restock", "{\"quantity\": 30}", key), HttpStatus.UNPROCESSABLE_CONTENT);
        assertProblem(post("/api/inventory/" + other + "/restock", "{\"quantity\": 20}", key), HttpStatus.UNPROCESSABLE_CONTENT);
        assertProblem(post("/api/inventory/" + sku + "/restock", "{\"quantity\": 20}", " "), HttpStatus.BAD_REQUEST);

        assertThat(json(get("/api/inventory/" + sku)).get("onHand").asInt()).isEqualTo(25);
        assertThat(json(get("/api/inventory/" + other)).get("onHand").asInt()).isEqualTo(5);
        assertThat(eventTypes(inventory, sku, markers)).containsExactly(EventType.STOCK_REPLENISHED.type());
        assertThat(eventTypes(inventory, other, markers)).isEmpty();
    }

    @Test
    void anUnknownSkuIsNotFound() {
        assertProblem(get("/api/inventory/caviar"), HttpStatus.NOT_FOUND);
        assertProblem(post("/api/inventory/caviar/restock", "{\"quantity\": 5}"), HttpStatus.NOT_FOUND);
    }

    @Test
    void aRestockOfNoneOrOfMoreThanTenThousandUnitsIsInvalid() {
        var sku = new Shelf(jdbc).stock(100, 10);
        for (var body : new String[] {"{\"quantity\": 0}", "{\"quantity\": 10001}", "{}"}) {
            var problem = assertProblem(post("/api/inventory/" + sku + "/restock", body), HttpStatus.BAD_REQUEST);
            assertThat(problem.get("errors")).singleElement()
                    .satisfies(error -> assertThat(error.get("field").asString()).isEqualTo("quantity"));
        }
        assertThat(eventTypes(inventory, sku, markers)).isEmpty();
    }

    @Test
    void aRestockThatIsNotPlainJsonWithAWholeQuantityIsMalformed() {
        var sku = new Shelf(jdbc).stock(100, 10);
        for (var body : new String[] {"{\"quantity\": 2.5}", "{\"quantity\": \"2\"}", "{\"quantity\": 2, \"sku\": \"x\"}",
                "{\"quantity\": 99999999999}", "{\"quantity\": "}) {
            assertProblem(post("/api/inventory/" + sku + "/restock", body), HttpStatus.BAD_REQUEST);
        }
        assertThat(eventTypes(inventory, sku, markers)).isEmpty();
    }

    @Test
    void aPageOutsideTheLimitsIsInvalid() {
        assertProblem(get("/api/inventory?size=0"), HttpStatus.BAD_REQUEST);
        assertProblem(get("/api/inventory?size=101"), HttpStatus.BAD_REQUEST);
        assertProblem(get("/api/inventory?page=-1"), HttpStatus.BAD_REQUEST);
    }

    @Test
    void showsWhatIsReservedForAnOrder() {
        var order = OrderId.random();
        kafka.send(Topics.ORDERS, order.toString(), EventEnvelope.of("/test",
                anOrder().withOrderId(order).withLines(line("margherita", 2), line("espresso", 1)).placed()));

        var reservation = await().atMost(Duration.ofSeconds(30))
                .until(() -> get("/api/inventory/reservations/" + order), response -> response.getStatusCode().is2xxSuccessful());

        var view = json(reservation);
        assertThat(view.get("orderId").asString()).isEqualTo(order.toString());
        assertThat(view.get("status").asString()).isEqualTo("RESERVED");
        assertThat(view.has("reason")).isFalse();
        assertThat(view.get("items")).hasSize(2);
        assertThat(view.get("items").get(0).get("sku").asString()).isEqualTo("espresso");
        assertThat(view.get("items").get(1).get("quantity").asInt()).isEqualTo(2);
    }

    @Test
    void anOrderTheInventoryHasNotHeardOfIsNotFound() {
        assertProblem(get("/api/inventory/reservations/" + UUID.randomUUID()), HttpStatus.NOT_FOUND);
        assertProblem(get("/api/inventory/reservations/not-a-uuid"), HttpStatus.BAD_REQUEST);
    }

    /**
     * Runs last: Micrometer binds the per-partition Kafka client metrics (records-lag) on its refresh,
     * once a minute, so the time the other tests take counts towards the wait.
     */
    @Test
    @Order(Integer.MAX_VALUE)
    void exposesReservationOutcomesProcessingTimeAndConsumerLagToPrometheus() {
        var order = OrderId.random();
        kafka.send(Topics.ORDERS, order.toString(),
                EventEnvelope.of("/test", anOrder().withOrderId(order).withLines(line("lasagna", 1)).placed()));
        await().atMost(Duration.ofSeconds(30)).until(() -> get("/api/inventory/reservations/" + order).getStatusCode().is2xxSuccessful());

        // The per-partition lag gauges appear at Micrometer's next one-minute refresh; the maximum is there at once.
        var metrics = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> actuator("/actuator/prometheus").getBody(), body -> body.contains("kafka_consumer_fetch_manager_records_lag_max{"));

        assertThat(metrics)
                .containsPattern("inventory_reservations_total\\{[^}]*outcome=\"reserved\"[^}]*} [1-9]")
                .contains("inventory_reservations_total{application=\"inventory-service\",outcome=\"out_of_stock\"}")
                .containsPattern("inventory_event_processing_seconds_count\\{[^}]*} [1-9]")
                .contains("outbox_backlog");
    }

    @Test
    void reportsLivenessAndReadiness() {
        assertThat(json(actuator("/actuator/health/liveness")).get("status").asString()).isEqualTo("UP");
        var readiness = actuator("/actuator/health/readiness");
        assertThat(readiness.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(json(readiness).get("status").asString()).isEqualTo("UP");
    }

    @Test
    void documentsTheApiWithExamplesThatWorkAsTheyStand() {
        var docs = json(get("/v3/api-docs"));
        var paths = docs.get("paths");
        assertThat(paths.propertyNames()).contains("/api/inventory", "/api/inventory/{sku}",
                "/api/inventory/{sku}/restock", "/api/inventory/reservations/{orderId}");

        var restock = paths.get("/api/inventory/{sku}/restock").get("post");
        var sku = restock.get("parameters").get(0).get("example").asString();
        var quantity = docs.at("/components/schemas/RestockRequest/properties/quantity/example").asInt();
        var response = post("/api/inventory/" + sku + "/restock", "{\"quantity\": " + quantity + "}");
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);

        var getSku = paths.get("/api/inventory/{sku}").get("get").get("parameters").get(0).get("example").asString();
        assertThat(get("/api/inventory/" + getSku).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(get("/swagger-ui/index.html").getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    /** The actuator answers on its own port, never on the API's. */
    private ResponseEntity<String> actuator(String path) {
        return http.get().uri("http://localhost:" + managementPort + path).retrieve().toEntity(String.class);
    }

    private ResponseEntity<String> get(String path) {
        return http.get().uri(path).retrieve().toEntity(String.class);
    }

    private ResponseEntity<String> post(String path, String body) {
        return http.post().uri(path).contentType(MediaType.APPLICATION_JSON).body(body).retrieve().toEntity(String.class);
    }

    private ResponseEntity<String> post(String path, String body, String idempotencyKey) {
        return http.post().uri(path).contentType(MediaType.APPLICATION_JSON).header(IdempotencyKey.HEADER, idempotencyKey)
                .body(body).retrieve().toEntity(String.class);
    }

    private static JsonNode assertProblem(ResponseEntity<String> response, HttpStatus status) {
        assertThat(response.getStatusCode()).isEqualTo(status);
        assertThat(response.getHeaders().getContentType()).isNotNull()
                .satisfies(type -> assertThat(type.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue());
        var problem = json(response);
        assertThat(problem.get("status").asInt()).isEqualTo(status.value());
        assertThat(problem.get("title").asString()).isNotBlank();
        return problem;
    }

    private static JsonNode json(ResponseEntity<String> response) {
        return JSON.readTree(response.getBody());
    }
}
