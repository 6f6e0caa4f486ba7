package dev.foodorder.inventory.reservation;

import dev.foodorder.events.CloudEventHeaders;
import dev.foodorder.events.EventEnvelope;
import dev.foodorder.events.EventType;
import dev.foodorder.events.IntegrationEvent;
import dev.foodorder.events.Topics;
import dev.foodorder.events.inventory.ReservedItem;
import dev.foodorder.events.inventory.StockLevelLow;
import dev.foodorder.events.inventory.StockReleased;
import dev.foodorder.events.inventory.StockReservationFailed;
import dev.foodorder.events.inventory.StockReservationFailed.Reason;
import dev.foodorder.events.inventory.StockReservationFailed.Shortage;
import dev.foodorder.events.inventory.StockReserved;
import dev.foodorder.infrastructure.test.Infrastructure;
import dev.foodorder.infrastructure.test.RealInfrastructure;
import dev.foodorder.infrastructure.test.TopicReader;
import dev.foodorder.inventory.Markers;
import dev.foodorder.inventory.Shelf;
import dev.foodorder.inventory.Shelf.Level;
import dev.foodorder.messaging.outbox.OutboxRelay;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.foodorder.events.inventory.InventoryEventsMother.forOrder;
import static dev.foodorder.events.inventory.InventoryEventsMother.item;
import static dev.foodorder.events.order.OrderEventsMother.anOrder;
import static dev.foodorder.events.order.OrderEventsMother.line;
import static dev.foodorder.inventory.Published.eventTypes;
import static dev.foodorder.inventory.Published.events;
import static dev.foodorder.inventory.Published.records;
import static dev.foodorder.infrastructure.test.TopicReader.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The inventory's side of the order flow, through the real broker and database: events in, events out. */
@SpringBootTest
@RealInfrastructure
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReservationFlowTest {

    private static final String RESERVED = EventType.STOCK_RESERVED.type();
    private static final String FAILED = EventType.STOCK_RESERVATION_FAILED.type();
    private static final String RELEASED = EventType.STOCK_RELEASED.type();
    private static final String LOW = EventType.STOCK_LEVEL_LOW.type();

    private final OrdersTopic orders;
    private final Shelf shelf;
    private final Markers markers;
    private final TopicReader inventory = new TopicReader(Infrastructure.get().kafkaBootstrapServers(), Topics.INVENTORY);
    private final TopicReader deadLetters = new TopicReader(Infrastructure.get().kafkaBootstrapServers(),
            Topics.deadLetter(Topics.ORDERS));

    private final JdbcTemplate jdbc;
    private final StockReservations reservations;
    private final TransactionTemplate transactions;
    private final EntityManager entityManager;

    @Autowired
    ReservationFlowTest(KafkaTemplate<Object, Object> kafka, JdbcTemplate jdbc, StockReservations reservations,
                        PlatformTransactionManager transactionManager, EntityManager entityManager, OutboxRelay relay) {
        this.orders = new OrdersTopic(kafka);
        this.shelf = new Shelf(jdbc);
        this.markers = new Markers(jdbc, relay, transactionManager);
        this.jdbc = jdbc;
        this.reservations = reservations;
        this.transactions = new TransactionTemplate(transactionManager);
        this.entityManager = entityManager;
    }

    @BeforeAll
    void theListenerIsUp() {
        // Whatever other test classes left on the topic is read first; from here on, records are ours.
        orders.awaitConsumed(orders.send(anOrder().confirmed()));
    }

    @AfterAll
    void close() {
        inventory.close();
        deadLetters.close();
    }

    @Test
    void reservesEveryLineOfAnOrderAndLowersTheStock() {
        var pizza = shelf.stock(20, 2);
        var salad = shelf.stock(5, 1);
        var order = anOrder().withLines(line(pizza, 2), line(salad, 1), line(pizza, 1));

        orders.send(order.placed());

        var answer = (StockReserved) single(events(inventory, order.key(), 1));
        assertThat(answer.orderId()).isEqualTo(order.orderId());
        assertThat(answer.items()).containsExactlyInAnyOrder(new ReservedItem(pizza, 3), new ReservedItem(salad, 1))
                .isSortedAccordingTo(Comparator.comparing(ReservedItem::sku));
        assertThat(shelf.level(pizza)).isEqualTo(new Level(20, 3));
        assertThat(shelf.level(salad)).isEqualTo(new Level(5, 1));
        assertThat(shelf.heldByReservations(pizza)).isEqualTo(3);
        assertThat(shelf.status(order.orderId())).isEqualTo("RESERVED");
    }

    @Test
    void refusesTheWholeOrderWhenOneLineIsShortAndReservesNothing() {
        var pizza = shelf.stock(20, 2);
        var cake = shelf.stock(1, 0);
        var order = anOrder().withLines(line(pizza, 2), line(cake, 3));

        orders.send(order.placed());

        var answer = (StockReservationFailed) single(events(inventory, order.key(), 1));
        assertThat(answer.reason()).isEqualTo(Reason.OUT_OF_STOCK);
        assertThat(answer.shortages()).containsExactly(new Shortage(cake, 3, 1));
        assertThat(shelf.level(pizza)).isEqualTo(new Level(20, 0));
        assertThat(shelf.level(cake)).isEqualTo(new Level(1, 0));
        assertThat(shelf.status(order.orderId())).isEqualTo("REFUSED");
    }

    @Test
    void anUnknownItemWinsOverAShortOneAndBothAreListed() {
        var cake = shelf.stock(1, 0);
        var caviar = "caviar-" + UUID.randomUUID();
        var order = anOrder().withLines(line(cake, 2), line(caviar, 1));

        orders.send(order.placed());

        var answer = (StockReservationFailed) single(events(inventory, order.key(), 1));
        assertThat(answer.reason()).isEqualTo(Reason.UNKNOWN_ITEM);
        assertThat(answer.shortages()).containsExactlyInAnyOrder(new Shortage(caviar, 1, 0), new Shortage(cake, 2, 1));
        assertThat(shelf.level(cake)).isEqualTo(new Level(1, 0));
    }

    @Test
    void aRedeliveredEventChangesNothing() {
        var pizza = shelf.stock(20, 2);
        var order = anOrder().withLines(line(pizza, 4));
        var event = EventEnvelope.of("/test", order.placed());

        orders.send(event);
        orders.awaitConsumed(orders.send(event));

        assertThat(events(inventory, order.key(), 1)).singleElement().isInstanceOf(StockReserved.class);
        assertThat(eventTypes(inventory, order.key(), markers)).containsExactly(RESERVED);
        assertThat(shelf.level(pizza)).isEqualTo(new Level(20, 4));
    }

    /**
     * A producer's bug: a second event under an id already handled, with another body. The id is what a
     * consumer remembers (ADR 0008): the first event's effect stands, and the copy changes nothing.
     */
    @Test
    void anEventIdHandledBeforeWithAnotherBodyChangesNothing() {
        var pizza = shelf.stock(20, 2);
        var order = anOrder().withLines(line(pizza, 4));
        var first = EventEnvelope.of("/test", order.placed());
        var other = new EventEnvelope(first.id(), first.source(), first.time(), anOrder().withOrderId(order.orderId())
                .withLines(line(pizza, 9)).placed());

        orders.send(first);
        orders.awaitConsumed(orders.send(other));

        assertThat(events(inventory, order.key(), 1)).singleElement().isInstanceOf(StockReserved.class);
        assertThat(eventTypes(inventory, order.key(), markers)).containsExactly(RESERVED);
        assertThat(shelf.level(pizza)).isEqualTo(new Level(20, 4));
    }

    @Test
    void anOrderPlacedAgainUnderANewEventIdReservesNothingMore() {
        var pizza = shelf.stock(20, 2);
        var order = anOrder().withLines(line(pizza, 4));
        var placed = order.placed();

        orders.send(placed);
        orders.awaitConsumed(orders.send(placed));

        assertThat(eventTypes(inventory, order.key(), markers)).containsExactly(RESERVED);
        assertThat(shelf.level(pizza)).isEqualTo(new Level(20, 4));
    }

    @Test
    void aCancellationReleasesExactlyWhatWasReserved() {
        var pizza = shelf.stock(20, 2);
        var salad = shelf.stock(5, 1);
        var bystander = anOrder().withLines(line(pizza, 1));
        var order = anOrder().withLines(line(pizza, 3), line(salad, 2));
        orders.send(bystander.placed());
        orders.send(order.placed());
        events(inventory, List.of(bystander.key(), order.key()), 2);

        orders.send(order.cancelled());

        var released = (StockReleased) events(inventory, order.key(), 2).getLast();
        assertThat(released.items()).containsExactlyInAnyOrder(new ReservedItem(pizza, 3), new ReservedItem(salad, 2));
        assertThat(shelf.level(pizza)).isEqualTo(new Level(20, 1));
        assertThat(shelf.level(salad)).isEqualTo(new Level(5, 0));
        assertThat(shelf.heldByReservations(pizza)).isEqualTo(1);
        assertThat(shelf.status(order.orderId())).isEqualTo("RELEASED");

        orders.awaitConsumed(orders.send(order.cancelled()));

        assertThat(eventTypes(inventory, order.key(), markers)).containsExactly(RESERVED, RELEASED);
        assertThat(shelf.level(pizza)).isEqualTo(new Level(20, 1));
    }

    @Test
    void aCancellationSeenBeforeItsOrderPreventsTheReservation() {
        var pizza = shelf.stock(20, 2);
        var order = anOrder().withLines(line(pizza, 2));

        orders.send(order.cancelled());
        orders.awaitConsumed(orders.send(order.placed()));

        assertThat(shelf.status(order.orderId())).isEqualTo("CANCELLED");
        assertThat(shelf.level(pizza)).isEqualTo(new Level(20, 0));
        assertThat(eventTypes(inventory, order.key(), markers)).isEmpty();
    }

    /** A type of a newer contract is not poison: it is skipped, as any type this consumer does not act on (ADR 0018). */
    @Test
    void parksPoisonRecordsSkipsTypesOfANewerContractAndGoesOn() {
        var pizza = shelf.stock(20, 2);
        var order = anOrder().withLines(line(pizza, 2));
        var key = order.key();
        // The headers of a proper OrderPlaced: each record below is broken in its body or its type only.
        var headers = EventEnvelope.of("/broken-producer", order.placed()).headers();
        var unknownType = new HashMap<>(headers);
        unknownType.put(CloudEventHeaders.TYPE, "food.order.teleported.v1");

        orders.sendRaw(key, headers, "{\"orderId\": \"" + key + "\", \"lines\": [");
        orders.sendRaw(key, unknownType, "{}");
        orders.send(forOrder(order.orderId()).reserved(item(pizza, 1)));
        orders.send(order.placed());

        assertThat(events(inventory, key, 1)).singleElement().isInstanceOf(StockReserved.class);
        assertThat(shelf.level(pizza)).isEqualTo(new Level(20, 2));
        // Parked in record order: were the unknown type parked, it would come second.
        var parked = records(deadLetters, List.of(key), 2);
        assertThat(parked).hasSize(2).allSatisfy(record -> {
            assertThat(header(record, "kafka_dlt-original-topic")).isEqualTo(Topics.ORDERS);
            assertThat(header(record, "kafka_dlt-exception-fqcn")).isNotBlank();
        });
        assertThat(parked.getFirst().value()).endsWith("\"lines\": [");
        assertThat(header(parked.get(1), CloudEventHeaders.TYPE)).isEqualTo(EventType.STOCK_RESERVED.type());
    }

    /**
     * A record as large as a producer may write: its dead-letter copy carries the failure's headers on
     * top (the stack trace among them), and must still be taken, or the partition would be stuck on it.
     */
    @Test
    void parksARecordAsLargeAsAProducerMayWriteAndGoesOn() {
        var pizza = shelf.stock(20, 2);
        var order = anOrder().withLines(line(pizza, 2));
        var key = order.key();
        var headers = EventEnvelope.of("/broken-producer", order.placed()).headers();
        var large = "{\"orderId\": \"" + key + "\", \"notes\": \"" + "x".repeat(1_047_000) + "\"";

        orders.sendRaw(key, headers, large);
        orders.send(order.placed());

        assertThat(events(inventory, key, 1)).singleElement().isInstanceOf(StockReserved.class);
        assertThat(records(deadLetters, List.of(key), 1)).singleElement()
                .satisfies(record -> assertThat(record.value()).isEqualTo(large));
    }

    @Test
    void lowStockIsReportedOnceWhenAvailableStockCrossesTheThreshold() {
        var pizza = shelf.stock(12, 10);

        // One at a time: orders are keyed by their ids, so they could otherwise be handled in any order.
        for (int quantity : new int[] {2, 1, 1}) {
            var order = anOrder().withLines(line(pizza, quantity));
            orders.send(order.placed());
            events(inventory, order.key(), 1);
        }

        assertThat(eventTypes(inventory, pizza, markers)).containsExactly(LOW);
        var low = (StockLevelLow) single(events(inventory, pizza, 1));
        assertThat(low.available()).isEqualTo(9);
        assertThat(low.threshold()).isEqualTo(10);
        assertThat(shelf.level(pizza)).isEqualTo(new Level(12, 4));
    }

    /**
     * Two consumers handle an order and its cancellation at once (possible when they sit on different
     * partitions) before either has a reservation row: the primary key fails the later commit, and
     * its retry finds the order reserved and releases it.
     */
    @Test
    void anOrderAndItsCancellationRacingOnTwoConsumersEndReleased() throws Exception {
        var pizza = shelf.stock(20, 2);
        var order = anOrder().withLines(line(pizza, 2));
        var placedButNotCommitted = new CountDownLatch(1);
        var commitPlaced = new CountDownLatch(1);
        Future<?> placing;
        Future<ReservationOutcome> cancelling;
        try (var consumers = Executors.newFixedThreadPool(2)) {
            placing = consumers.submit(() -> transactions.executeWithoutResult(status -> {
                reservations.reserve(order.placed());
                entityManager.flush();
                placedButNotCommitted.countDown();
                await().until(() -> commitPlaced.getCount() == 0);
            }));
            placedButNotCommitted.await();
            cancelling = consumers.submit(() -> reservations.release(order.cancelled()));
            // The cancellation's insert waits for the uncommitted order's row with the same key.
            await().until(() -> jdbc.queryForObject("""
                    SELECT count(*) FROM pg_stat_activity
                    WHERE datname = current_database() AND wait_event_type = 'Lock' AND wait_event = 'transactionid'
                    """, Integer.class) > 0);
            commitPlaced.countDown();
        }

        placing.get();
        assertThatThrownBy(cancelling::get).hasCauseInstanceOf(DataIntegrityViolationException.class);
        assertThat(reservations.release(order.cancelled())).isEqualTo(ReservationOutcome.RELEASED);
        assertThat(shelf.level(pizza)).isEqualTo(new Level(20, 0));
        assertThat(eventTypes(inventory, order.key(), markers)).containsExactly(RESERVED, RELEASED);
    }

    private static IntegrationEvent single(List<IntegrationEvent> events) {
        assertThat(events).hasSize(1);
        return events.getFirst();
    }
}
