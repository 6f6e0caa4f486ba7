package dev.foodorder.order.ordering;

import dev.foodorder.events.OrderId;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OrderTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

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
        assertThat(placement.event().settleBy()).isEqualTo(placement.order().placedAt().plus(DEADLINE));
    }

    @Test
    void timestampsKeepMicrosecondsAsPostgresDoes() {
        assertThat(place().order().placedAt().getNano() % 1_000).isZero();
    }

    @Test
    void aPendingOrderCanBeCancelled() {
        var order = place().order();

        assertThat(order.cancel("changed my mind")).hasValueSatisfying(event -> {
            assertThat(event.reason()).isEqualTo("changed my mind");
            assertThat(event.cancelledAt()).isEqualTo(order.updatedAt());
        });
        assertThat(order.status()).isEqualTo(OrderStatus.CANCELLED);
    }

    /** A confirmed or rejected order comes from the inventory's answers: see PlacingOrdersTest and BadRequestsTest. */
    @Test
    void aCancelledOrderCannotBeCancelledAgain() {
        var cancelled = place().order();
        cancelled.cancel("first");

        assertThat(cancelled.cancel("again")).isEmpty();
        assertThat(cancelled.cancellationReason()).hasValue("first");
    }

    private Order.Placement place() {
        return Order.place(id, "c-42", "ada@example.org", List.of(
                new OrderLine("margherita", "Pizza Margherita", 2, new BigDecimal("9.50")),
                new OrderLine("tiramisu", "Tiramisu", 1, new BigDecimal("5.50"))), "no onions", DEADLINE);
    }
}
