package dev.foodorder.order.ordering;

import dev.foodorder.events.CloudEventHeaders;
import dev.foodorder.events.EventEnvelope;
import dev.foodorder.events.EventType;
import dev.foodorder.events.OrderId;
import dev.foodorder.events.Topics;
import dev.foodorder.infrastructure.test.Infrastructure;
import dev.foodorder.infrastructure.test.TopicReader;
import dev.foodorder.events.order.OrderConfirmed;
import dev.foodorder.events.order.OrderPlaced;
import dev.foodorder.events.order.OrderRejected;
import dev.foodorder.messaging.SqlArrays;
import dev.foodorder.messaging.kafka.CloudEventRecords;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static dev.foodorder.events.inventory.InventoryEventsMother.forOrder;
import static dev.foodorder.order.ordering.OrderRequests.margheritasAndTiramisu;
import static dev.foodorder.order.ordering.OrderRequests.newCustomer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The inventory's answers, fed to the running service on topic {@code inventory}. */
class InventoryAnswersTest extends OrderServiceIntegrationTest {

    /** Orders answered at once, well within one poll (max.poll.records is 500). */
    private static final int POLL = 100;
    private static final int REJECTED = 10;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Test
    void stockReservedConfirmsTheOrderAndPublishesOrderConfirmed() {
        var id = place(margheritasAndTiramisu(newCustomer()));

        publish(forOrder(id).reserved());

        var events = awaitEvents(id, 2);
        assertThat(events).extracting(EventEnvelope::type).containsExactly(EventType.ORDER_PLACED, EventType.ORDER_CONFIRMED);
        var confirmed = (OrderConfirmed) events.get(1).data();
        assertThat(confirmed.total()).isEqualByComparingTo("24.50");
        assertThat(confirmed.customerEmail()).isEqualTo("ada@example.org");
        assertThat(order(id).get("status").asString()).isEqualTo("CONFIRMED");
    }

    @Test
    void stockReservationFailedRejectsTheOrderWithTheItemsThatCouldNotBeServed() {
        var id = place(margheritasAndTiramisu(newCustomer()));

        publish(forOrder(id).soldOut());

        var events = awaitEvents(id, 2);
        var rejected = (OrderRejected) events.get(1).data();
        assertThat(rejected.reason()).isEqualTo(OrderRejected.Reason.OUT_OF_STOCK);
        assertThat(rejected.unavailableItems()).containsExactly(new OrderRejected.UnavailableItem("tiramisu", 1, 0));
        var order = order(id);
        assertThat(order.get("status").asString()).isEqualTo("REJECTED");
        assertThat(order.at("/rejection/reason").asString()).isEqualTo("OUT_OF_STOCK");
        assertThat(order.at("/rejection/unavailableItems/0/sku").asString()).isEqualTo("tiramisu");
        assertThat(order.at("/rejection/unavailableItems/0/available").asInt()).isZero();
    }

    @Test
    void aReservationForACancelledOrderLeavesItCancelled() {
        var id = place(margheritasAndTiramisu(newCustomer()));
        http.post().uri("/api/orders/{id}/cancel", id).exchange().expectStatus().isOk();

        var reservation = publish(forOrder(id).reserved());

        await().untilAsserted(() -> assertThat(history(order(id))).contains("RECEIVED " + reservation.type().type()));
        assertThat(order(id).get("status").asString()).isEqualTo("CANCELLED");
        assertThat(awaitEvents(id, 2))
                .extracting(EventEnvelope::type)
                .containsExactly(EventType.ORDER_PLACED, EventType.ORDER_CANCELLED);
    }

    @Test
    void aRedeliveredAnswerIsHandledOnce() {
        var id = place(margheritasAndTiramisu(newCustomer()));
        var reservation = publish(forOrder(id).reserved());

        publish(reservation);
        // Same key, so same partition: once this one is handled, the redelivery before it was too.
        var later = publish(forOrder(id).soldOut());

        await().untilAsserted(() -> assertThat(history(order(id))).contains("RECEIVED " + later.type().type()));
        assertThat(history(order(id))).containsExactly(
                "SENT food.order.placed.v1",
                "RECEIVED food.inventory.stock-reserved.v1",
                "SENT food.order.confirmed.v1",
                "RECEIVED food.inventory.stock-reservation-failed.v1");
        assertThat(order(id).get("status").asString()).isEqualTo("CONFIRMED");
        // The cancellation is committed after anything the redelivery could have published.
        http.post().uri("/api/orders/{id}/cancel", id).exchange().expectStatus().isOk();
        assertThat(awaitEvents(id, 3))
                .extracting(EventEnvelope::type)
                .containsExactly(EventType.ORDER_PLACED, EventType.ORDER_CONFIRMED, EventType.ORDER_CANCELLED);
    }

    /** A type of a newer contract is not malformed: it is skipped, as any type this consumer does not act on (ADR 0018). */
    @Test
    void parksMalformedRecordsSkipsTypesOfANewerContractAndGoesOn() {
        var id = place(margheritasAndTiramisu(newCustomer()));
        var key = id.toString();
        var goodHeaders = EventEnvelope.of("/inventory-service", forOrder(id).reserved()).headers();

        sendRaw(key, goodHeaders, "{\"orderId\": ".getBytes(StandardCharsets.UTF_8));
        var newerType = new LinkedHashMap<>(goodHeaders);
        newerType.put(CloudEventHeaders.ID, UUID.randomUUID().toString());
        newerType.put(CloudEventHeaders.TYPE, "food.inventory.stock-reserved.v2");
        sendRaw(key, newerType, "{}".getBytes(StandardCharsets.UTF_8));
        var withoutType = new LinkedHashMap<>(goodHeaders);
        withoutType.put(CloudEventHeaders.ID, UUID.randomUUID().toString());
        withoutType.remove(CloudEventHeaders.TYPE);
        sendRaw(key, withoutType, "{}".getBytes(StandardCharsets.UTF_8));
        publish(forOrder(id).reserved());

        // Parked in record order: were the newer type parked, it would come second.
        var deadLetters = awaitRecords(Topics.deadLetter(Topics.INVENTORY), id, 2);
        assertThat(deadLetters).allSatisfy(record ->
                assertThat(record.headers().lastHeader("kafka_dlt-exception-fqcn")).isNotNull());
        assertThat(deadLetters.get(0).value()).isEqualTo("{\"orderId\": ");
        assertThat(TopicReader.header(deadLetters.get(1), CloudEventHeaders.ID)).isEqualTo(withoutType.get(CloudEventHeaders.ID));
        await().untilAsserted(() -> assertThat(order(id).get("status").asString()).isEqualTo("CONFIRMED"));
    }

    @Test
    void anAnswerForAnUnknownOrderIsSkippedRatherThanRetried() {
        var unknown = OrderId.random();

        var answer = publish(forOrder(unknown).reserved());

        await().untilAsserted(() -> assertThat(jdbc.sql("SELECT count(*) FROM processed_event WHERE event_id = ?")
                .param(answer.id()).query(Long.class).single()).isEqualTo(1));
    }

    @Test
    void preferWaitAnswersAsSoonAsTheInventoryDecides() throws Exception {
        var id = place(margheritasAndTiramisu(newCustomer()));
        var started = System.nanoTime();
        var waiting = CompletableFuture.supplyAsync(() -> http.get().uri("/api/orders/{id}", id)
                .header("Prefer", "wait=5").exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("Preference-Applied", "wait=5")
                .returnResult(JsonNode.class).getResponseBody());

        publish(forOrder(id).reserved());

        var order = waiting.get(10, TimeUnit.SECONDS);
        assertThat(order.get("status").asString()).isEqualTo("CONFIRMED");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void waitingEndsWithThePendingOrderWhenNoAnswerComes() {
        var id = place(margheritasAndTiramisu(newCustomer()));
        var started = System.nanoTime();

        var order = http.get().uri("/api/orders/{id}?wait=1", id).exchange()
                .expectStatus().isOk()
                .expectHeader().doesNotExist("Preference-Applied")
                .returnResult(JsonNode.class).getResponseBody();

        assertThat(order.get("status").asString()).isEqualTo("PENDING");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void placingWithPreferWaitAnswers201WithTheOutcome() throws Exception {
        var customer = newCustomer();
        // Plays the inventory: answers the OrderPlaced of this customer as soon as it is published.
        var inventory = CompletableFuture.runAsync(() -> {
            try (var orders = new TopicReader(Infrastructure.get().kafkaBootstrapServers(), Topics.ORDERS)) {
                var placed = orders.await(
                        record -> decode(record).data() instanceof OrderPlaced order && order.customerId().equals(customer),
                        records -> !records.isEmpty(), TIMEOUT).getFirst();
                publish(forOrder(OrderId.parse(placed.key())).reserved());
            }
        });

        var response = http.post().uri("/api/orders").contentType(MediaType.APPLICATION_JSON)
                .header("Prefer", "respond-async, wait=10")
                .body(margheritasAndTiramisu(customer))
                .exchange()
                .expectStatus().isCreated()
                .expectHeader().valueEquals("Preference-Applied", "wait=10")
                .returnResult(JsonNode.class);

        inventory.get(10, TimeUnit.SECONDS);
        assertThat(response.getResponseBody().get("status").asString()).isEqualTo("CONFIRMED");
        assertThat(response.getResponseHeaders().getLocation()).hasToString("/api/orders/" + response.getResponseBody().get("orderId").asString());
    }

    @Test
    void aPollOfAnswersSettlesEveryOrderInAFewTransactions() {
        var customer = newCustomer();
        var ids = IntStream.range(0, POLL).mapToObj(i -> place(margheritasAndTiramisu(customer))).toList();
        var rejected = ids.subList(0, REJECTED);
        var answers = new ArrayList<EventEnvelope>();
        ids.forEach(id -> answers.add(EventEnvelope.of("/inventory-service", rejected.contains(id) ? forOrder(id).soldOut() : forOrder(id).reserved())));
        // After its reservation, in the same poll: the order is confirmed by then.
        var late = EventEnvelope.of("/inventory-service", forOrder(ids.getLast()).soldOut());
        answers.add(late);

        // Stopped, the consumer finds every answer waiting when it starts, and takes them in whole polls.
        var container = listeners.getListenerContainer(InventoryEventsListener.ID);
        container.stop();
        await().until(() -> !container.isRunning());
        try {
            answers.forEach(this::publish);
        } finally {
            container.start();
        }

        var orderIds = ids.stream().map(OrderId::value).toList();
        await().atMost(TIMEOUT).until(() -> count("SELECT count(*) FROM orders WHERE id = ANY (?) AND status <> 'PENDING'", orderIds) == POLL);
        assertThat(transactionsThatHandled(answers)).as("transactions for %d answers", answers.size()).isLessThanOrEqualTo(5);
        assertThat(count("SELECT count(*) FROM orders WHERE id = ANY (?) AND status = 'REJECTED'", orderIds)).isEqualTo(REJECTED);
        assertThat(count("SELECT count(*) FROM order_unavailable_item WHERE order_id = ANY (?) AND line_no = 0 AND sku = 'tiramisu'",
                orderIds)).isEqualTo(REJECTED);
        var outcomes = outcomesPublished(ids);
        var histories = histories(orderIds);
        for (int i = 0; i < POLL; i++) {
            var id = ids.get(i);
            var answer = answers.get(i);
            var expected = new ArrayList<>(List.of("0 SENT food.order.placed.v1",
                    "1 RECEIVED %s %s".formatted(answer.type().type(), answer.id()),
                    "2 SENT %s %s".formatted(outcomes.get(id).type().type(), outcomes.get(id).id())));
            if (id.equals(ids.getLast())) {
                expected.add("3 RECEIVED %s %s".formatted(late.type().type(), late.id()));
            }
            assertThat(histories.get(id.value())).as("history of %s", id).containsExactlyElementsOf(expected);
        }
    }

    private long count(String sql, List<UUID> orderIds) {
        return jdbc.sql(sql).param(SqlArrays.of("uuid", orderIds)).query(Long.class).single();
    }

    /** Each row's xmin is the transaction that inserted it: a batch leaves one for all its events. */
    private long transactionsThatHandled(List<EventEnvelope> envelopes) {
        return jdbc.sql("SELECT count(DISTINCT xmin::text) FROM processed_event WHERE event_id = ANY (?)")
                .param(SqlArrays.of("uuid", envelopes.stream().map(EventEnvelope::id).toList()))
                .query(Long.class).single();
    }

    /** The OrderConfirmed or OrderRejected each order published. */
    private static Map<OrderId, EventEnvelope> outcomesPublished(List<OrderId> ids) {
        var keys = ids.stream().map(OrderId::toString).collect(Collectors.toSet());
        return topics.await(record -> record.topic().equals(Topics.ORDERS) && keys.contains(record.key())
                                && !EventType.ORDER_PLACED.type().equals(TopicReader.header(record, CloudEventHeaders.TYPE)),
                        records -> records.size() >= ids.size(), TIMEOUT)
                .stream().collect(Collectors.toMap(record -> OrderId.parse(record.key()), OrderServiceIntegrationTest::decode));
    }

    /** Each order's history as "seq direction type id", without the id of the OrderPlaced it began with. */
    private Map<UUID, List<String>> histories(List<UUID> orderIds) {
        var histories = new HashMap<UUID, List<String>>();
        jdbc.sql("SELECT order_id, seq, direction, event_type, event_id FROM order_history WHERE order_id = ANY (?) ORDER BY order_id, seq")
                .param(SqlArrays.of("uuid", orderIds))
                .query(row -> {
                    var entry = row.getInt("seq") + " " + row.getString("direction") + " " + row.getString("event_type");
                    if (!row.getString("event_type").equals(EventType.ORDER_PLACED.type())) {
                        entry += " " + row.getObject("event_id", UUID.class);
                    }
                    histories.computeIfAbsent(row.getObject("order_id", UUID.class), id -> new ArrayList<>()).add(entry);
                });
        return histories;
    }

    private void sendRaw(String key, Map<String, String> headers, byte[] value) {
        var recordHeaders = new RecordHeaders();
        CloudEventRecords.addHeaders(recordHeaders, headers);
        try {
            kafka.send(new ProducerRecord<>(Topics.INVENTORY, null, key, value, recordHeaders)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
