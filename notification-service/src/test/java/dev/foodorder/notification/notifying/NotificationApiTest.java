package dev.foodorder.notification.notifying;

import org.springframework.boot.test.web.server.LocalManagementPort;
import dev.foodorder.infrastructure.test.TestIssuer;
import dev.foodorder.events.EventEnvelope;
import dev.foodorder.events.IntegrationEvent;
import dev.foodorder.events.order.OrderEventsMother;
import dev.foodorder.infrastructure.test.RealInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The HTTP side, through a real HTTP client: the list and detail API, its problem responses, the
 * live stream, and what operations scrape. No mail server: notifications go to the log channel.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "notifications.delivery.poll-interval=100ms",
        "notifications.stream.heartbeat=200ms",
        "notifications.stream.max-subscribers=" + NotificationApiTest.MAX_SUBSCRIBERS})
@RealInfrastructure
class NotificationApiTest {

    static final int MAX_SUBSCRIBERS = 3;
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    KafkaTemplate<Object, Object> kafka;

    @Autowired
    Notifications notifications;

    @Autowired
    JsonMapper json;

    @Autowired
    MeterRegistry meters;

    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void closeClient() {
        http.shutdownNow();
    }

    @Test
    void listsACustomersNotificationsNewestFirstPageByPage() {
        var order = TestEvents.newOrder();
        publish(order.placed());
        publish(order.confirmed());
        publish(order.cancelled());
        awaitStored(order, 3);

        var first = json(get("/api/notifications?customerId=" + order.customerId() + "&size=2"));
        var second = json(get("/api/notifications?customerId=" + order.customerId() + "&size=2&page=1"));

        assertThat(first.get("items")).extracting(item -> item.get("type").asString())
                .containsExactly("ORDER_CANCELLED", "ORDER_CONFIRMED");
        assertThat(first.get("totalItems").asLong()).isEqualTo(3);
        assertThat(first.get("totalPages").asInt()).isEqualTo(2);
        assertThat(second.get("items")).extracting(item -> item.get("type").asString()).containsExactly("ORDER_RECEIVED");
        assertThat(second.get("page").asInt()).isEqualTo(1);
    }

    @Test
    void filtersTheListByType() {
        var order = TestEvents.newOrder();
        publish(order.placed());
        publish(order.confirmed());
        awaitStored(order, 2);

        var confirmed = json(get("/api/notifications?customerId=" + order.customerId() + "&type=ORDER_CONFIRMED"));

        assertThat(confirmed.get("items")).singleElement().satisfies(item -> {
            assertThat(item.get("type").asString()).isEqualTo("ORDER_CONFIRMED");
            assertThat(item.get("orderId").asString()).isEqualTo(order.key());
        });
    }

    @Test
    void showsOneNotificationWithItsDeliveryStatus() {
        var order = TestEvents.newOrder();
        publish(order.confirmed());
        var id = awaitStored(order, 1).getFirst().id();
        await().atMost(PATIENCE).until(() -> notifications.findById(id).orElseThrow().status() == DeliveryStatus.SENT);

        var response = get("/api/notifications/" + id);

        assertThat(response.statusCode()).isEqualTo(200);
        var notification = json(response);
        assertThat(notification.get("id").asLong()).isEqualTo(id);
        assertThat(notification.get("type").asString()).isEqualTo("ORDER_CONFIRMED");
        assertThat(notification.get("recipient").asString()).isEqualTo(order.customerEmail());
        assertThat(notification.get("customerId").asString()).isEqualTo(order.customerId());
        assertThat(notification.get("subject").asString()).contains(order.key().substring(0, 8));
        assertThat(notification.get("body").asString()).contains("Total: 24.50 EUR");
        assertThat(notification.get("status").asString()).isEqualTo("SENT");
        assertThat(notification.get("attempts").asInt()).isEqualTo(1);
        assertThat(notification.get("sentAt").isNull()).isFalse();
        assertThat(notification.get("nextAttemptAt").isNull()).isTrue();
    }

    @Test
    void answersAnUnknownNotificationWithA404Problem() {
        var response = get("/api/notifications/987654321");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(response).get("detail").asString()).isEqualTo("There is no notification 987654321.");
    }

    @Test
    void refusesAPageSizeOverTheLimitWithA400Problem() {
        var response = get("/api/notifications?size=1000");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(response).get("errors")).singleElement()
                .satisfies(error -> assertThat(error.get("field").asString()).isEqualTo("size"));
    }

    @Test
    void refusesAnUnknownTypeWithA400Problem() {
        var response = get("/api/notifications?type=BIRTHDAY_GREETING");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void streamsTheCustomersNotificationsCreatedAfterTheClientConnected() throws Exception {
        var order = TestEvents.newOrder();
        var someoneElse = TestEvents.newOrder();
        var lines = new CopyOnWriteArrayList<String>();
        var stream = http.send(request("/api/notifications/stream?customerId=" + order.customerId())
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(stream.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("text/event-stream"));
        Thread.ofVirtual().start(() -> stream.body().forEach(lines::add));

        publish(someoneElse.placed());
        awaitStored(someoneElse, 1);
        publish(order.placed());

        await().atMost(PATIENCE).until(() -> lines.stream().anyMatch(line -> line.startsWith("data:")));
        var data = lines.stream().filter(line -> line.startsWith("data:")).toList();
        assertThat(data).singleElement().satisfies(line -> {
            var notification = json.readTree(line.substring("data:".length()));
            assertThat(notification.get("type").asString()).isEqualTo("ORDER_RECEIVED");
            assertThat(notification.get("orderId").asString()).isEqualTo(order.key());
            assertThat(notification.get("customerId").asString()).isEqualTo(order.customerId());
        });
        assertThat(lines).contains("event:notification");
        // The heartbeat keeps an idle stream talking.
        await().atMost(PATIENCE).until(() -> lines.contains(":heartbeat"));
    }

    @Test
    void everyEndpointWithoutATokenIs401() {
        for (var path : List.of("/api/notifications", "/api/notifications/1", "/api/notifications/stream")) {
            var response = send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build());

            assertThat(response.statusCode()).as(path).isEqualTo(401);
            assertThat(response.headers().firstValue("Content-Type")).as(path).hasValue("application/problem+json");
        }
    }

    @Test
    void aCustomerListsAndReadsOnlyTheirOwnNotifications() {
        var own = TestEvents.newOrder();
        var theirs = TestEvents.newOrder();
        publish(own.placed());
        publish(theirs.placed());
        var ownId = awaitStored(own, 1).getFirst().id();
        var theirId = awaitStored(theirs, 1).getFirst().id();
        var customer = TestIssuer.get().bearerFor(own.customerId());

        var listed = json(send(request("/api/notifications?size=100").setHeader("Authorization", customer).build()));
        assertThat(listed.get("items")).extracting(item -> item.get("customerId").asString()).containsOnly(own.customerId());
        assertThat(send(request("/api/notifications?customerId=" + theirs.customerId()).setHeader("Authorization", customer).build())
                .statusCode()).isEqualTo(403);
        assertThat(send(request("/api/notifications/" + ownId).setHeader("Authorization", customer).build()).statusCode()).isEqualTo(200);
        var notTheirs = send(request("/api/notifications/" + theirId).setHeader("Authorization", customer).build());
        assertThat(notTheirs.statusCode()).isEqualTo(404);
        assertThat(json(notTheirs).get("detail").asString()).isEqualTo("There is no notification " + theirId + ".");
    }

    @Test
    void aCustomersStreamCarriesOnlyTheirOwnNotificationsAndMayNotNameAnother() throws Exception {
        var order = TestEvents.newOrder();
        var someoneElse = TestEvents.newOrder();
        var customer = TestIssuer.get().bearerFor(order.customerId());
        assertThat(send(request("/api/notifications/stream?customerId=" + someoneElse.customerId())
                .setHeader("Authorization", customer).build()).statusCode()).isEqualTo(403);
        var lines = new CopyOnWriteArrayList<String>();
        var stream = http.send(request("/api/notifications/stream").setHeader("Authorization", customer)
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines());
        Thread.ofVirtual().start(() -> stream.body().forEach(lines::add));

        publish(someoneElse.placed());
        awaitStored(someoneElse, 1);
        publish(order.placed());

        await().atMost(PATIENCE).until(() -> lines.stream().anyMatch(line -> line.startsWith("data:")));
        assertThat(lines.stream().filter(line -> line.startsWith("data:")).toList()).singleElement()
                .satisfies(line -> assertThat(json.readTree(line.substring("data:".length())).get("customerId").asString())
                        .isEqualTo(order.customerId()));
    }

    @Test
    void letsGoOfAStreamWhoseClientWentAway() throws Exception {
        var subscribers = meters.get("notifications.stream.subscribers").gauge();
        await().atMost(PATIENCE).until(() -> subscribers.value() == 0);
        var client = HttpClient.newHttpClient();
        var stream = client.send(request("/api/notifications/stream").build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(subscribers.value()).isEqualTo(1);

        client.shutdownNow();

        await().atMost(PATIENCE).until(() -> subscribers.value() == 0);
    }

    @Test
    void refusesAStreamBeyondItsMostSubscribersWith503AndStaysReady() throws Exception {
        var subscribers = meters.get("notifications.stream.subscribers").gauge();
        await().atMost(PATIENCE).until(() -> subscribers.value() == 0);
        var client = HttpClient.newHttpClient();
        for (int i = 0; i < MAX_SUBSCRIBERS; i++) {
            assertThat(client.send(request("/api/notifications/stream").build(), HttpResponse.BodyHandlers.ofLines()).statusCode())
                    .isEqualTo(200);
        }

        var refused = http.send(request("/api/notifications/stream").build(), HttpResponse.BodyHandlers.ofString());

        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/problem+json"));
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(actuator("/actuator/health/readiness").statusCode()).isEqualTo(200);
        client.shutdownNow();
        await().atMost(PATIENCE).until(() -> subscribers.value() == 0);
        assertThat(http.send(request("/api/notifications/stream").build(), HttpResponse.BodyHandlers.ofLines()).statusCode())
                .isEqualTo(200);
    }

    @Test
    void exposesNotificationCountsAndConsumerLagToPrometheus() {
        var order = TestEvents.newOrder();
        publish(order.placed());
        var id = awaitStored(order, 1).getFirst().id();
        await().atMost(PATIENCE).until(() -> notifications.findById(id).orElseThrow().status() == DeliveryStatus.SENT);

        var scrape = actuator("/actuator/prometheus").body();

        assertThat(scrape).containsPattern("notifications_stored_total\\{[^}]*type=\"ORDER_RECEIVED\"");
        assertThat(scrape).containsPattern("notifications_deliveries_total\\{[^}]*status=\"SENT\"[^}]*type=\"ORDER_RECEIVED\"");
        assertThat(scrape).contains("notifications_due ", "notifications_abandoned ", "notifications_stream_subscribers ");
        assertThat(scrape).contains("kafka_consumer_fetch_manager_records_lag_max");
    }

    @Test
    void isReadyWhenItsDatabaseIs() {
        var readiness = actuator("/actuator/health/readiness");

        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(json(readiness).get("status").asString()).isEqualTo("UP");
    }

    @Test
    void documentsItsApi() {
        var docs = json(get("/v3/api-docs"));

        assertThat(docs.get("paths").propertyNames()).contains(
                "/api/notifications", "/api/notifications/{id}", "/api/notifications/stream");
        assertThat(get("/swagger-ui.html").statusCode()).isIn(200, 302);
    }

    private void publish(IntegrationEvent event) {
        var envelope = EventEnvelope.of("/test", event);
        kafka.send(envelope.topic(), envelope.key(), envelope);
    }

    private List<Notification> awaitStored(OrderEventsMother order, int count) {
        return await().atMost(PATIENCE).until(() -> notifications.findAll().stream()
                .filter(notification -> order.orderId().value().equals(notification.orderId()))
                .toList(), stored -> stored.size() == count);
    }

    /** A request as staff; {@code setHeader("Authorization", ...)} makes it another caller's. */
    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", TestIssuer.get().bearerForStaff());
    }

    /** The actuator answers on its own port, never on the API's. */
    private HttpResponse<String> actuator(String path) {
        return send(HttpRequest.newBuilder(URI.create("http://localhost:" + managementPort + path)).build());
    }

    private HttpResponse<String> get(String path) {
        return send(request(path).build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private JsonNode json(HttpResponse<String> response) {
        return json.readTree(response.body());
    }
}
