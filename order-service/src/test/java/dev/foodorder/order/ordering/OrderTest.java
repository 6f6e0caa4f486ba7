package dev.foodorder.order.ordering;

import dev.foodorder.events.OrderId;
import dev.foodorder.events.inventory.StockReservationFailed;
import dev.foodorder.events.order.OrderRejected;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OrderTest {

    private final OrderId id = OrderId.random();

    @Test
    void placingTotalsTheLinesAndAnnouncesTheOrder() {
        var placement = place();

        assertThat(placement.order().status()).isEqualTo(OrderStatus.PENDING);
        assertThat(placement.order().total()).isEqualByComparingTo("24.50");
        assertThat(placement.event().orderId()).isEqualTo(id);
        assertThat(placement.event().total()).isEqualByComparingTo("24.50");
        assertThat(placement.event().currency()).isEqualTo("EUR");
        assertThat(placement.event().placedAt()).isEqualTo(placement.order().placedAt());
    }

    @Test
    void timestampsKeepMicrosecondsAsPostgresDoes() {
        assertThat(place().order().placedAt().getNano() % 1_000).isZero();
    }

    @Test
    void confirmingAPendingOrderProducesOrderConfirmed() {
        var order = place().order();

        var confirmed = order.confirm();

        assertThat(order.status()).isEqualTo(OrderStatus.CONFIRMED);
        assertThat(confirmed).hasValueSatisfying(event -> {
            assertThat(event.orderId()).isEqualTo(id);
            assertThat(event.total()).isEqualByComparingTo("24.50");
            assertThat(event.confirmedAt()).isEqualTo(order.updatedAt());
        });
    }

    @Test
    void rejectingKeepsTheReasonAndWhatCouldNotBeServed() {
        var order = place().order();

        var rejected = order.reject(new StockReservationFailed(id, StockReservationFailed.Reason.OUT_OF_STOCK,
                List.of(new StockReservationFailed.Shortage("tiramisu", 1, 0)), Instant.now()));

        assertThat(order.status()).isEqualTo(OrderStatus.REJECTED);
        assertThat(order.rejectionReason()).hasValue(OrderRejected.Reason.OUT_OF_STOCK);
        assertThat(order.unavailableItems()).containsExactly(new UnavailableItem("tiramisu", 1, 0));
        assertThat(rejected).hasValueSatisfying(event ->
                assertThat(event.unavailableItems()).containsExactly(new OrderRejected.UnavailableItem("tiramisu", 1, 0)));
    }

    @Test
    void aCancelledOrderIgnoresTheInventorysAnswer() {
        var order = place().order();
        order.cancel("changed my mind");

        assertThat(order.confirm()).isEmpty();
        assertThat(order.reject(new StockReservationFailed(id, StockReservationFailed.Reason.UNKNOWN_ITEM,
                List.of(new StockReservationFailed.Shortage("caviar", 1, 0)), Instant.now()))).isEmpty();
        assertThat(order.status()).isEqualTo(OrderStatus.CANCELLED);
    }

    @Test
    void aConfirmedOrderCanStillBeCancelled() {
        var order = place().order();
        order.confirm();

        assertThat(order.cancel("changed my mind")).hasValueSatisfying(event -> assertThat(event.reason()).isEqualTo("changed my mind"));
        assertThat(order.status()).isEqualTo(OrderStatus.CANCELLED);
    }

    @Test
    void aFinalOrderCannotBeCancelled() {
        var cancelled = place().order();
        cancelled.cancel("first");
        var rejected = place().order();
        rejected.reject(new StockReservationFailed(id, StockReservationFailed.Reason.OUT_OF_STOCK,
                List.of(new StockReservationFailed.Shortage("tiramisu", 1, 0)), Instant.now()));

        assertThat(cancelled.cancel("again")).isEmpty();
        assertThat(rejected.cancel("too late")).isEmpty();
        assertThat(cancelled.cancellationReason()).hasValue("first");
    }

    @Test
    void anOrderIsAnsweredOnlyOnce() {
        var order = place().order();
        order.confirm();

        assertThat(order.confirm()).isEmpty();
        assertThat(order.status()).isEqualTo(OrderStatus.CONFIRMED);
    }

    private Order.Placement place() {
        return Order.place(id, "c-42", "ada@example.org", List.of(
                new OrderLine("margherita", "Pizza Margherita", 2, new BigDecimal("9.50")),
                new OrderLine("tiramisu", "Tiramisu", 1, new BigDecimal("5.50"))), "no onions");
    }
}
