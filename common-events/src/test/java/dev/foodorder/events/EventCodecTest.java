package dev.foodorder.events;

import dev.foodorder.events.order.OrderPlaced;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventCodecTest {

    static List<IntegrationEvent> events() {
        return SampleEvents.all();
    }

    @ParameterizedTest
    @MethodSource("events")
    void everyEventSurvivesTheRoundTrip(IntegrationEvent event) {
        var type = EventType.of(event).type();

        assertThat(EventCodec.fromJson(type, EventCodec.toJson(event))).isEqualTo(event);
    }

    @Test
    void moneyKeepsItsExactDecimalDigits() {
        var json = new String(EventCodec.toJson(SampleEvents.all().getFirst()), StandardCharsets.UTF_8);

        assertThat(json).contains("\"unitPrice\":9.50").contains("\"total\":24.00");
        var placed = (OrderPlaced) EventCodec.fromJson(EventType.ORDER_PLACED.type(), json.getBytes(StandardCharsets.UTF_8));
        assertThat(placed.total()).isEqualTo(new BigDecimal("24.00"));
    }

    @Test
    void payloadWithAnUnknownExtraFieldStillDeserializes() {
        var json = new String(EventCodec.toJson(SampleEvents.all().getFirst()), StandardCharsets.UTF_8)
                .replaceFirst("\\{", "{\"loyaltyPoints\":12,\"promo\":{\"code\":\"X\"},");

        var event = EventCodec.fromJson(EventType.ORDER_PLACED.type(), json.getBytes(StandardCharsets.UTF_8));

        assertThat(event).isEqualTo(SampleEvents.all().getFirst());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{not json",
            "[]",
            "{\"orderId\":\"not-a-uuid\"}",
            "{\"orderId\":\"6f1c2a7e-3b1d-4c55-9a0e-2f4b8d9c1e70\",\"customerId\":\"c-42\"}",
            "{\"orderId\":\"6f1c2a7e-3b1d-4c55-9a0e-2f4b8d9c1e70\",\"customerId\":\"c-42\",\"customerEmail\":\"a@b.c\",\"lines\":[],\"total\":1,\"currency\":\"EUR\",\"placedAt\":\"2026-11-23T12:00:00Z\"}",
            "{\"orderId\":\"6f1c2a7e-3b1d-4c55-9a0e-2f4b8d9c1e70\",\"customerId\":\"c-42\",\"customerEmail\":\"a@b.c\",\"lines\":[{\"sku\":\"x\",\"name\":\"X\",\"quantity\":-2,\"unitPrice\":1}],\"total\":1,\"currency\":\"EUR\",\"placedAt\":\"2026-11-23T12:00:00Z\"}"
    })
    void malformedPayloadFailsWithATypedException(String json) {
        assertThatThrownBy(() -> EventCodec.fromJson(EventType.ORDER_PLACED.type(), json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedEventException.class);
    }

    @Test
    void unknownEventTypeFailsWithATypedException() {
        assertThatThrownBy(() -> EventCodec.fromJson("food.order.teleported.v1", "{}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("food.order.teleported.v1");
    }

    @Test
    void envelopeReadsBackFromItsHeadersAndValue() {
        var envelope = EventEnvelope.of("/order-service", SampleEvents.all().getFirst());

        var read = EventCodec.read(envelope.headers()::get, EventCodec.toJson(envelope.data()));

        assertThat(read).isEqualTo(envelope);
        assertThat(envelope.headers()).containsEntry(CloudEventHeaders.TYPE, "food.order.placed.v1")
                .containsEntry(CloudEventHeaders.SUBJECT, SampleEvents.ORDER.toString());
    }

    @Test
    void recordWithoutARequiredHeaderIsMalformed() {
        var envelope = EventEnvelope.of("/order-service", SampleEvents.all().getFirst());
        var headers = new HashMap<>(envelope.headers());
        headers.remove(CloudEventHeaders.ID);

        assertThatThrownBy(() -> EventCodec.read(headers::get, EventCodec.toJson(envelope.data())))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining(CloudEventHeaders.ID);
    }

    @Test
    void recordWithAnInvalidIdIsMalformed() {
        var envelope = EventEnvelope.of("/order-service", SampleEvents.all().getFirst());
        var headers = new HashMap<>(envelope.headers());
        headers.put(CloudEventHeaders.ID, "42");

        assertThatThrownBy(() -> EventCodec.read(headers::get, EventCodec.toJson(envelope.data())))
                .isInstanceOf(MalformedEventException.class);
    }

    @Test
    void keysFollowTheContract() {
        assertThat(SampleEvents.all()).allSatisfy(event -> {
            switch (event) {
                case dev.foodorder.events.order.OrderEvent order -> assertThat(order.key()).isEqualTo(order.orderId().toString());
                case dev.foodorder.events.inventory.ReservationEvent reservation ->
                        assertThat(reservation.key()).isEqualTo(reservation.orderId().toString());
                case dev.foodorder.events.inventory.StockLevelEvent level -> assertThat(level.key()).isEqualTo(level.sku());
                case dev.foodorder.events.customer.CustomerEvent customer ->
                        assertThat(customer.key()).isEqualTo(customer.customerId());
                default -> throw new AssertionError("Not in the contract: " + event);
            }
        });
    }
}
