package dev.foodorder.analytics.live;

import dev.foodorder.events.EventCodec;
import dev.foodorder.events.EventType;
import dev.foodorder.events.IntegrationEvent;
import dev.foodorder.events.customer.CustomerFlagged;
import dev.foodorder.events.inventory.InventoryEventsMother;
import dev.foodorder.events.inventory.StockReservationFailed;
import dev.foodorder.events.order.OrderEventsMother;
import dev.foodorder.events.order.OrderRejected;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static dev.foodorder.events.inventory.InventoryEventsMother.item;
import static dev.foodorder.events.inventory.InventoryEventsMother.shortage;
import static org.assertj.core.api.Assertions.assertThat;

class SummariesTest {

    private final OrderEventsMother order = OrderEventsMother.anOrder();

    @Test
    void saysWhoOrderedHowManyItemsForHowMuch() {
        assertThat(summary(order.placed())).isEqualTo("c-42 placed 3 items, 24.50 EUR");
        assertThat(summary(order.withLines(OrderEventsMother.line("espresso", 1)).placed()))
                .isEqualTo("c-42 placed 1 item, 5.00 EUR");
    }

    @Test
    void saysHowEachOrderEnded() {
        assertThat(summary(order.confirmed())).isEqualTo("confirmed for c-42, 24.50 EUR");
        assertThat(summary(order.rejected(OrderRejected.Reason.OUT_OF_STOCK,
                new OrderRejected.UnavailableItem("tiramisu", 1, 0), new OrderRejected.UnavailableItem("margherita", 2, 1))))
                .isEqualTo("rejected, OUT_OF_STOCK: tiramisu, margherita");
        assertThat(summary(order.cancelled())).isEqualTo("cancelled by c-42: changed my mind");
    }

    @Test
    void saysWhatTheInventoryDidAndHowMuchIsLeft() {
        var inventory = InventoryEventsMother.forOrder(order.orderId());
        assertThat(summary(inventory.reserved(item("margherita", 2), item("tiramisu", 1)))).isEqualTo("reserved 3 items");
        assertThat(summary(inventory.failed(StockReservationFailed.Reason.OUT_OF_STOCK, shortage("tiramisu", 4, 3))))
                .isEqualTo("cannot reserve, OUT_OF_STOCK: tiramisu 4 asked, 3 left");
        assertThat(summary(inventory.released(item("margherita", 2), item("tiramisu", 1)))).isEqualTo("released 3 items");
        assertThat(summary(inventory.stockLow("margherita", 2, 5))).isEqualTo("margherita low: 2 left, threshold 5");
        assertThat(summary(inventory.replenished("margherita", 20, 22))).isEqualTo("margherita +20, now 22");
    }

    @Test
    void saysWhyACustomerWasFlagged() {
        var now = Instant.now();
        assertThat(summary(new CustomerFlagged("c-42", "ada@example.org", 5, 60, now.minusSeconds(50), now)))
                .isEqualTo("c-42 flagged: 5 orders within 60 s");
    }

    @Test
    void showsAValueTheContractCannotReadAsItIs() {
        var broken = "{\"orderId\":   \"not a uuid\"".getBytes(StandardCharsets.UTF_8);

        assertThat(Summaries.of(EventType.ORDER_PLACED.type(), broken)).isEqualTo("unreadable: {\"orderId\": \"not a uuid\"");
        assertThat(Summaries.of(null, broken)).isEqualTo("{\"orderId\": \"not a uuid\"");
        assertThat(Summaries.of("food.order.unheard-of.v1", "{}".getBytes(StandardCharsets.UTF_8))).isEqualTo("unreadable: {}");
        assertThat(Summaries.of(EventType.ORDER_PLACED.type(), null)).isEqualTo("(no value)");
    }

    @Test
    void shortensALongValue() {
        var summary = Summaries.of(null, "x".repeat(500).getBytes(StandardCharsets.UTF_8));

        assertThat(summary).hasSize(81).endsWith("…");
    }

    private static String summary(IntegrationEvent event) {
        return Summaries.of(EventType.of(event).type(), EventCodec.toJson(event));
    }
}
