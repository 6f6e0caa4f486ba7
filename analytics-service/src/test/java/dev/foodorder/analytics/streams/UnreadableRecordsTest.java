package dev.foodorder.analytics.streams;

import dev.foodorder.analytics.AnalyticsDriver;
import dev.foodorder.events.CloudEventHeaders;
import dev.foodorder.events.EventCodec;
import dev.foodorder.events.EventEnvelope;
import dev.foodorder.events.Topics;
import dev.foodorder.events.customer.CustomerFlagged;
import dev.foodorder.events.order.OrderEventsMother;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

import static dev.foodorder.events.order.OrderEventsMother.anOrder;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Records the read side cannot read are skipped and counted, and the records after them are read: each test
 * sends five orders of a customer, then the unreadable ones, then a sixth order, which gets the customer flagged
 * at its time; had an unreadable one been counted as an order, it would have been the sixth.
 */
class UnreadableRecordsTest {

    private static final Instant NOON = Instant.parse("2026-11-23T12:00:00Z");
    private static final Instant SIXTH = NOON.plusSeconds(6);
    private static final String SKIPPED = "analytics.records.skipped";

    private final AnalyticsDriver analytics = AnalyticsDriver.start();

    @AfterEach
    void stop() {
        analytics.close();
    }

    @Test
    void aRecordOfATypeThisVersionDoesNotKnowIsSkippedAndCounted() {
        afterFiveOrders(order -> {
            var headers = new HashMap<>(order.headers());
            headers.put(CloudEventHeaders.TYPE, "food.order.placed.v2");
            send(Topics.ORDERS, order, headers, EventCodec.toJson(order.data()));
        });

        assertThat(analytics.count(SKIPPED, "topic", Topics.ORDERS, "reason", "unknown-type")).isEqualTo(1);
        assertThat(flaggedAt()).isEqualTo(SIXTH);
    }

    @Test
    void brokenRecordsAreSkippedAndCounted() {
        afterFiveOrders(order -> {
            send(Topics.ORDERS, order, order.headers(), "{\"orderId\": ".getBytes(StandardCharsets.UTF_8));
            send(Topics.ORDERS, order, Map.of(), EventCodec.toJson(order.data()));
            var headers = new HashMap<>(order.headers());
            headers.put(CloudEventHeaders.TIME, "noon");
            send(Topics.ORDERS, order, headers, EventCodec.toJson(order.data()));
        });

        assertThat(analytics.count(SKIPPED, "topic", Topics.ORDERS, "reason", "malformed")).isEqualTo(3);
        assertThat(flaggedAt()).isEqualTo(SIXTH);
    }

    @Test
    void anEventOnAnotherServicesTopicIsSkippedAndCounted() {
        afterFiveOrders(order -> send(Topics.INVENTORY, order, order.headers(), EventCodec.toJson(order.data())));

        assertThat(analytics.count(SKIPPED, "topic", Topics.INVENTORY, "reason", "wrong-topic")).isEqualTo(1);
        assertThat(flaggedAt()).isEqualTo(SIXTH);
    }

    private void afterFiveOrders(Consumer<EventEnvelope> unreadable) {
        for (var i = 0; i < 5; i++) {
            analytics.publish(order(i).placed());
        }
        unreadable.accept(EventEnvelope.of("/order-service", order(5).placed()));
        analytics.publish(order(6).placed());
    }

    private Instant flaggedAt() {
        var flags = analytics.customers();
        assertThat(flags).hasSize(1);
        var flag = flags.getFirst();
        var flagged = EventCodec.read(name -> EventEnvelopeSerde.header(flag.headers(), name), flag.value());
        return ((CustomerFlagged) flagged.data()).flaggedAt();
    }

    private void send(String topic, EventEnvelope order, Map<String, String> headers, byte[] value) {
        analytics.publishRecord(topic, order.key(), headers, value, order.time());
    }

    private static OrderEventsMother order(int second) {
        return anOrder().at(NOON.plusSeconds(second));
    }
}
