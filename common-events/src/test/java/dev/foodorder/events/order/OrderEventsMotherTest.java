package dev.foodorder.events.order;

import dev.foodorder.events.OrderId;
import dev.foodorder.events.inventory.InventoryEventsMother;
import dev.foodorder.events.inventory.ReservedItem;
import dev.foodorder.events.inventory.StockReservationFailed;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static dev.foodorder.events.order.OrderEventsMother.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class OrderEventsMotherTest {

    @Test
    void everyEventOfOneOrderTellsOfTheSameOrder() {
        var order = OrderEventsMother.anOrder();

        assertThat(List.of(order.placed(), order.confirmed(), order.rejected(), order.cancelled()))
                .allSatisfy(event -> {
                    assertThat(event.orderId()).isEqualTo(order.orderId());
                    assertThat(event.key()).isEqualTo(order.key());
                    assertThat(event.customerEmail()).isEqualTo("ada@example.org");
                    assertThat(event.occurredAt()).isEqualTo(order.at());
                });
    }

    @Test
    void theTotalIsWhatTheLinesCost() {
        var order = OrderEventsMother.anOrder().withLines(line("pizza", 3), line("salad", "Salad", 1, "7.25"));

        assertThat(order.placed().total()).isEqualByComparingTo("22.25");
        assertThat(order.confirmed().total()).isEqualByComparingTo("22.25");
        assertThat(OrderEventsMother.anOrder().placed().total()).isEqualByComparingTo("24.50");
    }

    @Test
    void aWitherLeavesTheMotherItCameFromAsItWas() {
        var order = OrderEventsMother.anOrder();
        var other = OrderId.random();

        var varied = order.withOrderId(other).withCustomer("c-7", "grace@example.org").at(Instant.EPOCH);

        assertThat(varied.placed().orderId()).isEqualTo(other);
        assertThat(varied.placed().customerId()).isEqualTo("c-7");
        assertThat(varied.placed().placedAt()).isEqualTo(Instant.EPOCH);
        assertThat(order.placed().orderId()).isNotEqualTo(other);
        assertThat(order.placed().customerId()).isEqualTo("c-42");
    }

    @Test
    void theDefaultRejectionNamesTheLastLineAsSoldOut() {
        var rejected = OrderEventsMother.anOrder().rejected();

        assertThat(rejected.reason()).isEqualTo(OrderRejected.Reason.OUT_OF_STOCK);
        assertThat(rejected.unavailableItems()).containsExactly(new OrderRejected.UnavailableItem("tiramisu", 1, 0));
    }

    @Test
    void theInventorysDefaultsAnswerTheDefaultOrder() {
        var order = OrderEventsMother.anOrder();
        var inventory = InventoryEventsMother.forOrder(order.orderId());

        assertThat(inventory.reserved().items()).extracting(ReservedItem::sku, ReservedItem::quantity)
                .containsExactlyElementsOf(order.lines().stream()
                        .map(line -> tuple(line.sku(), line.quantity())).toList());
        assertThat(inventory.released().items()).isEqualTo(inventory.reserved().items());
        assertThat(inventory.soldOut().shortages()).extracting(StockReservationFailed.Shortage::sku)
                .containsExactly(order.rejected().unavailableItems().getFirst().sku());
    }
}
