package dev.foodorder.order.ordering;

import dev.foodorder.events.OrderId;
import dev.foodorder.events.inventory.StockReservationFailed;
import dev.foodorder.events.order.OrderRejected;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static dev.foodorder.events.inventory.InventoryEventsMother.forOrder;
import static dev.foodorder.events.inventory.InventoryEventsMother.shortage;
import static org.assertj.core.api.Assertions.assertThat;

/** The rules an answer of the inventory follows, on an order as a batch reads it. */
class InventoryVerdictsTest {

    private final OrderId id = OrderId.random();
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);

    @Test
    void confirmingAPendingOrderProducesOrderConfirmed() {
        var order = order(OrderStatus.PENDING);

        var confirmed = order.confirm(now);

        assertThat(order.status).isEqualTo(OrderStatus.CONFIRMED);
        assertThat(confirmed).hasValueSatisfying(event -> {
            assertThat(event.orderId()).isEqualTo(id);
            assertThat(event.customerEmail()).isEqualTo("ada@example.org");
            assertThat(event.total()).isEqualByComparingTo("24.50");
            assertThat(event.currency()).isEqualTo("EUR");
            assertThat(event.confirmedAt()).isEqualTo(now);
        });
    }

    @Test
    void rejectingKeepsTheReasonAndWhatCouldNotBeServed() {
        var order = order(OrderStatus.PENDING);

        var rejected = order.reject(tiramisuSoldOut(), now);

        assertThat(order.status).isEqualTo(OrderStatus.REJECTED);
        assertThat(order.rejectionReason).isEqualTo(OrderRejected.Reason.OUT_OF_STOCK);
        assertThat(order.unavailableItems).containsExactly(new UnavailableItem("tiramisu", 1, 0));
        assertThat(rejected).hasValueSatisfying(event -> {
            assertThat(event.reason()).isEqualTo(OrderRejected.Reason.OUT_OF_STOCK);
            assertThat(event.unavailableItems()).containsExactly(new OrderRejected.UnavailableItem("tiramisu", 1, 0));
            assertThat(event.rejectedAt()).isEqualTo(now);
        });
    }

    @Test
    void anUnknownItemRejectsTheOrderForThatReason() {
        var order = order(OrderStatus.PENDING);

        order.reject(forOrder(id).failed(StockReservationFailed.Reason.UNKNOWN_ITEM, shortage("caviar", 1, 0)), now);

        assertThat(order.rejectionReason).isEqualTo(OrderRejected.Reason.UNKNOWN_ITEM);
    }

    @Test
    void aCancelledOrderIgnoresTheInventorysAnswer() {
        var order = order(OrderStatus.CANCELLED);

        assertThat(order.confirm(now)).isEmpty();
        assertThat(order.reject(tiramisuSoldOut(), now)).isEmpty();
        assertThat(order.status).isEqualTo(OrderStatus.CANCELLED);
        assertThat(order.unavailableItems).isEmpty();
    }

    @Test
    void anOrderIsAnsweredOnlyOnce() {
        var order = order(OrderStatus.PENDING);
        order.confirm(now);

        assertThat(order.confirm(now)).isEmpty();
        assertThat(order.reject(tiramisuSoldOut(), now)).isEmpty();
        assertThat(order.status).isEqualTo(OrderStatus.CONFIRMED);
        assertThat(order.rejectionReason).isNull();
    }

    private InventoryVerdicts.OrderRow order(OrderStatus status) {
        return new InventoryVerdicts.OrderRow(id.value(), status, "c-42", "ada@example.org", new BigDecimal("24.50"), "EUR",
                now.minusSeconds(1));
    }

    private StockReservationFailed tiramisuSoldOut() {
        return forOrder(id).soldOut();
    }
}
