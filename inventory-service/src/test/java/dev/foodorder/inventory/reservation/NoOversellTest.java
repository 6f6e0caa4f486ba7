package dev.foodorder.inventory.reservation;

import dev.foodorder.events.EventEnvelope;
import dev.foodorder.events.OrderId;
import dev.foodorder.events.Topics;
import dev.foodorder.events.inventory.StockReservationFailed;
import dev.foodorder.events.inventory.StockReservationFailed.Reason;
import dev.foodorder.events.inventory.StockReservationFailed.Shortage;
import dev.foodorder.events.inventory.StockReserved;
import dev.foodorder.infrastructure.test.Infrastructure;
import dev.foodorder.infrastructure.test.RealInfrastructure;
import dev.foodorder.infrastructure.test.TopicReader;
import dev.foodorder.inventory.Published;
import dev.foodorder.inventory.Shelf;
import dev.foodorder.inventory.Shelf.Level;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;

import java.time.Duration;
import java.util.UUID;
import java.util.stream.IntStream;

import static dev.foodorder.events.order.OrderEventsMother.anOrder;
import static dev.foodorder.events.order.OrderEventsMother.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Many orders race for the last units of a sku, on every consumer thread at once. */
@SpringBootTest(properties = "inventory.listener.concurrency=3")
@RealInfrastructure
class NoOversellTest {

    private static final int ORDERS = 200;
    private static final int UNITS = 10;

    @Autowired
    KafkaTemplate<Object, Object> kafka;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    private final TopicReader inventory = new TopicReader(Infrastructure.get().kafkaBootstrapServers(), Topics.INVENTORY);

    @AfterEach
    void close() {
        inventory.close();
    }

    @Test
    void twoHundredOrdersForTheLastTenUnitsReserveExactlyTenAndRefuseTheRest() {
        var shelf = new Shelf(jdbc);
        var sku = shelf.stock(UNITS, 0);
        var container = (ConcurrentMessageListenerContainer<?, ?>) listeners.getListenerContainer("inventory-orders");
        // Three consumers, each with partitions of its own, so the orders are handled side by side.
        await().atMost(Duration.ofSeconds(30)).until(() -> container.getContainers().stream()
                .allMatch(consumer -> consumer.getAssignedPartitions() != null && !consumer.getAssignedPartitions().isEmpty()));
        assertThat(container.getContainers()).hasSize(3);

        var oneUnit = anOrder().withLines(line(sku, 1));
        var orderIds = IntStream.range(0, ORDERS).mapToObj(i -> OrderId.random()).toList();
        var sends = orderIds.stream()
                .map(order -> kafka.send(Topics.ORDERS, order.toString(),
                        EventEnvelope.of("/test", oneUnit.withOrderId(order).placed())))
                .toList();
        var partitions = sends.stream().map(send -> send.join().getRecordMetadata()).map(RecordMetadata::partition)
                .distinct().count();
        assertThat(partitions).as("orders spread over the partitions of every consumer").isEqualTo(Topics.DEFAULT_PARTITIONS);

        var answers = Published.events(inventory, orderIds.stream().map(OrderId::toString).toList(), ORDERS);

        assertThat(answers).hasSize(ORDERS);
        assertThat(answers).filteredOn(StockReserved.class::isInstance).hasSize(UNITS);
        assertThat(answers).filteredOn(StockReservationFailed.class::isInstance).hasSize(ORDERS - UNITS)
                .allSatisfy(answer -> {
                    var failed = (StockReservationFailed) answer;
                    assertThat(failed.reason()).isEqualTo(Reason.OUT_OF_STOCK);
                    assertThat(failed.shortages()).containsExactly(new Shortage(sku, 1, 0));
                });
        assertThat(shelf.level(sku)).isEqualTo(new Level(UNITS, UNITS));
        assertThat(shelf.heldByReservations(sku)).isEqualTo(UNITS);
        assertThat(jdbc.queryForList("SELECT status FROM reservation WHERE order_id = ANY (?)", String.class,
                (Object) orderIds.stream().map(OrderId::value).toArray(UUID[]::new)))
                .hasSize(ORDERS)
                .containsOnly("RESERVED", "REFUSED")
                .filteredOn("RESERVED"::equals).hasSize(UNITS);
    }
}
