package dev.foodorder.events;

import dev.foodorder.events.order.OrderEventsMother;
import dev.foodorder.events.order.OrderPlaced;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code settleBy} was added to {@code food.order.placed.v1} after release 0.1.0: producers and consumers of
 * either side of it read each other's events (docs/adr/0018-schema-evolution.md).
 */
class OrderPlacedEvolutionTest {

    private static final String TYPE = EventType.ORDER_PLACED.type();

    /** OrderPlaced as release 0.1.0 defined it, without settleBy: the reader a consumer of that release has. */
    record OrderPlacedAsReleased(OrderId orderId, String customerId, String customerEmail, List<OrderPlaced.Line> lines,
                                 BigDecimal total, String currency, Instant placedAt) {
    }

    @Test
    void anEventWrittenBeforeTheFieldReadsWithoutADeadline() {
        var written = """
                {"orderId":"6f1c2a7e-3b1d-4c55-9a0e-2f4b8d9c1e70","customerId":"c-42","customerEmail":"ada@example.org",\
                "lines":[{"sku":"margherita","name":"Pizza Margherita","quantity":2,"unitPrice":9.50}],\
                "total":19.00,"currency":"EUR","placedAt":"2026-11-23T12:00:00.123456Z"}""";

        var placed = (OrderPlaced) EventCodec.fromJson(TYPE, written.getBytes(StandardCharsets.UTF_8));

        assertThat(placed.settleBy()).isNull();
        assertThat(placed.total()).isEqualTo(new BigDecimal("19.00"));
    }

    @Test
    void anEventWithADeadlineReadsInAReaderBuiltBeforeIt() {
        var placed = (OrderPlaced) SampleEvents.all().getFirst();
        var json = EventCodec.toJson(placed);
        assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"settleBy\":\"" + placed.settleBy() + "\"");

        var read = EventCodec.fromJson(TYPE, json, OrderPlacedAsReleased.class);

        assertThat(read).isEqualTo(new OrderPlacedAsReleased(placed.orderId(), placed.customerId(), placed.customerEmail(),
                placed.lines(), placed.total(), placed.currency(), placed.placedAt()));
    }

    @Test
    void anEventWithoutADeadlineIsWrittenAsBeforeTheField() {
        var placed = OrderEventsMother.anOrder().placed();

        var json = new String(EventCodec.toJson(placed), StandardCharsets.UTF_8);

        assertThat(json).doesNotContain("settleBy");
        assertThat(EventCodec.fromJson(TYPE, json.getBytes(StandardCharsets.UTF_8))).isEqualTo(placed);
    }

    @Test
    void anotherMissingFieldIsStillMalformed() {
        var json = new String(EventCodec.toJson(SampleEvents.all().getFirst()), StandardCharsets.UTF_8)
                .replaceFirst("\"currency\":\"EUR\",", "");
        assertThat(json).doesNotContain("currency");

        assertThatThrownBy(() -> EventCodec.fromJson(TYPE, json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("currency");
    }

    /** Why an added enum value needs a new type (ADR 0018): a reader fails on a value its enum lacks. */
    @Test
    void aReasonTheReaderDoesNotKnowIsMalformed() {
        var rejected = SampleEvents.all().stream().filter(event -> EventType.of(event) == EventType.ORDER_REJECTED)
                .findFirst().orElseThrow();
        var json = new String(EventCodec.toJson(rejected), StandardCharsets.UTF_8)
                .replace("\"reason\":\"OUT_OF_STOCK\"", "\"reason\":\"PAYMENT_DECLINED\"");
        assertThat(json).contains("PAYMENT_DECLINED");

        assertThatThrownBy(() -> EventCodec.fromJson(EventType.ORDER_REJECTED.type(), json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("PAYMENT_DECLINED");
    }
}
