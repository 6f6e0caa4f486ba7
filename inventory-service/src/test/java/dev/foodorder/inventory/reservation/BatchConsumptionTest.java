package dev.foodorder.inventory.reservation;

import dev.foodorder.events.CloudEventHeaders;
import dev.foodorder.events.EventEnvelope;
import dev.foodorder.events.EventType;
import dev.foodorder.events.OrderId;
import dev.foodorder.events.Topics;
import dev.foodorder.events.inventory.StockReserved;
import dev.foodorder.infrastructure.test.Infrastructure;
import dev.foodorder.infrastructure.test.RealInfrastructure;
import dev.foodorder.infrastructure.test.TopicReader;
import dev.foodorder.inventory.Published;
import dev.foodorder.inventory.Shelf;
import dev.foodorder.inventory.Shelf.Level;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import static dev.foodorder.events.inventory.InventoryEventsMother.forOrder;
import static dev.foodorder.events.inventory.InventoryEventsMother.item;
import static dev.foodorder.events.order.OrderEventsMother.anOrder;
import static dev.foodorder.events.order.OrderEventsMother.line;
import static dev.foodorder.infrastructure.test.TopicReader.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A backlog is worked off a poll at a time, each poll in one transaction, without giving up
 * handling each event once, or dead-lettering the records that cannot be handled.
 */
@SpringBootTest
@RealInfrastructure
class BatchConsumptionTest {

    private static final int ORDERS = 300;

    @Autowired
    KafkaTemplate<Object, Object> kafka;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Autowired
    MeterRegistry meters;

    private final TopicReader inventory = new TopicReader(Infrastructure.get().kafkaBootstrapServers(), Topics.INVENTORY);
    private final TopicReader deadLetters = new TopicReader(Infrastructure.get().kafkaBootstrapServers(),
            Topics.deadLetter(Topics.ORDERS));

    @AfterEach
    void close() {
        inventory.close();
        deadLetters.close();
    }

    @Test
    void aBacklogIsReservedOnceEachInAFewTransactionsAndItsBadRecordsAreParkedAndCounted() {
        var shelf = new Shelf(jdbc);
        var orders = new OrdersTopic(kafka);
        var sku = shelf.stock(ORDERS, 0);
        var parkedBefore = parkedCount();
        var container = listeners.getListenerContainer("inventory-orders");
        container.stop();
        await().atMost(Duration.ofSeconds(30)).until(() -> !container.isRunning());

        var oneUnit = anOrder().withLines(line(sku, 1));
        var orderIds = IntStream.range(0, ORDERS).mapToObj(i -> OrderId.random()).toList();
        var envelopes = orderIds.stream().map(order -> EventEnvelope.of("/test", oneUnit.withOrderId(order).placed())).toList();
        envelopes.forEach(orders::send);
        var redelivered = envelopes.getFirst();
        orders.send(redelivered);
        var wrongTopic = OrderId.random();
        orders.send(forOrder(wrongTopic).reserved(item(sku, 1)));
        var unreadable = OrderId.random();
        // The headers of a proper OrderPlaced around a body that is no JSON at all.
        var placedHeaders = EventEnvelope.of("/broken-producer", oneUnit.withOrderId(unreadable).placed()).headers();
        orders.sendRaw(unreadable.toString(), placedHeaders, "{");
        container.start();

        var answers = Published.events(inventory, orderIds.stream().map(OrderId::toString).toList(), ORDERS);

        assertThat(answers).hasSize(ORDERS).allMatch(StockReserved.class::isInstance);
        assertThat(shelf.level(sku)).isEqualTo(new Level(ORDERS, ORDERS));
        assertThat(transactionsThatHandled(envelopes)).as("transactions for %d events", ORDERS).isLessThan(ORDERS / 10);
        var parked = Published.records(deadLetters, List.of(wrongTopic.toString(), unreadable.toString()), 2);
        assertThat(parked).extracting(record -> header(record, CloudEventHeaders.TYPE))
                .containsExactlyInAnyOrder(EventType.STOCK_RESERVED.type(), EventType.ORDER_PLACED.type());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(parkedCount()).isEqualTo(parkedBefore + 2));
    }

    private double parkedCount() {
        return meters.get("events.dead.lettered").tag("topic", Topics.deadLetter(Topics.ORDERS)).counter().count();
    }

    /** Each row's xmin is the transaction that inserted it: a batch leaves one for all its events. */
    private long transactionsThatHandled(List<EventEnvelope> envelopes) {
        return jdbc.queryForObject("SELECT count(DISTINCT xmin::text) FROM processed_event WHERE event_id = ANY (?)", Long.class,
                (Object) envelopes.stream().map(EventEnvelope::id).toArray(UUID[]::new));
    }
}
