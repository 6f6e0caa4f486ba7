package dev.foodorder.order.ordering;

import dev.foodorder.events.EventEnvelope;
import dev.foodorder.events.EventType;
import dev.foodorder.events.order.OrderCancelled;
import dev.foodorder.events.order.OrderPlaced;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;

import static dev.foodorder.events.inventory.InventoryEventsMother.forOrder;
import static dev.foodorder.order.ordering.OrderRequests.espresso;
import static dev.foodorder.order.ordering.OrderRequests.newCustomer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * No inventory answers here: every order runs into its deadline, as it would with the inventory
 * down or its OrderPlaced dead-lettered. The deadline is short so that the tests need not wait long.
 */
@TestPropertySource(properties = {"orders.deadline.after=2s", "orders.deadline.check-every=200ms",
        "orders.pending.max=2", "orders.pending.refresh=1h"})
class OrderDeadlinesTest extends OrderServiceIntegrationTest {

    @Test
    void cancelsAnOrderThatGotNoAnswerBeforeItsDeadlineWithReasonTimeout() {
        var id = place(espresso(newCustomer()));

        var events = awaitEvents(id, 2);

        assertThat(events).extracting(EventEnvelope::type).containsExactly(EventType.ORDER_PLACED, EventType.ORDER_CANCELLED);
        var placed = (OrderPlaced) events.get(0).data();
        var cancelled = (OrderCancelled) events.get(1).data();
        assertThat(placed.settleBy()).isEqualTo(placed.placedAt().plusSeconds(2));
        assertThat(cancelled.reason()).isEqualTo(OrderCancelled.TIMEOUT);
        assertThat(cancelled.cancelledAt()).isAfterOrEqualTo(placed.settleBy());
        var order = order(id);
        assertThat(order.get("status").asString()).isEqualTo("CANCELLED");
        assertThat(order.get("cancellationReason").asString()).isEqualTo(OrderCancelled.TIMEOUT);
        assertThat(history(order)).containsExactly("SENT food.order.placed.v1", "SENT food.order.cancelled.v1");
    }

    @Test
    void anAnswerAfterTheDeadlineLeavesTheOrderCancelled() {
        var id = place(espresso(newCustomer()));
        awaitEvents(id, 2);

        var late = publish(forOrder(id).reserved());

        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(history(order(id))).contains("RECEIVED " + late.type().type()));
        assertThat(order(id).get("status").asString()).isEqualTo("CANCELLED");
        assertThat(awaitEvents(id, 2)).extracting(EventEnvelope::type)
                .containsExactly(EventType.ORDER_PLACED, EventType.ORDER_CANCELLED);
    }

    @Test
    void ordersPastTheirDeadlineGiveBackTheirPendingPlaces() {
        var customer = newCustomer();
        var first = place(espresso(customer));
        var second = place(espresso(customer));
        http.post().uri("/api/orders").contentType(MediaType.APPLICATION_JSON).body(espresso(customer)).exchange()
                .expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);

        awaitEvents(first, 2);
        awaitEvents(second, 2);

        // The count is corrected from the database only hourly here: the deadline itself gave the places back.
        place(espresso(customer));
    }
}
