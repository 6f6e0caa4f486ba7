package dev.foodorder.order.ordering;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;

import static dev.foodorder.events.inventory.InventoryEventsMother.forOrder;
import static dev.foodorder.order.ordering.OrderRequests.espresso;
import static dev.foodorder.order.ordering.OrderRequests.newCustomer;
import static org.awaitility.Awaitility.await;

/**
 * The API takes no more orders than the flow behind it settles: past a number of orders waiting
 * for the inventory's answer, a new one gets 503 with Retry-After, until the answers come. The
 * database is counted once, at the first order: what follows is the count kept in memory.
 */
@TestPropertySource(properties = {"orders.pending.max=3", "orders.pending.refresh=1h"})
class BackpressureTest extends OrderServiceIntegrationTest {

    @Test
    void refusesNewOrdersWhileTooManyWaitForTheInventoryAndTakesThemAgainOnceAnswered() {
        var customer = newCustomer();
        var first = place(espresso(customer));
        place(espresso(customer));
        place(espresso(customer));

        http.post().uri("/api/orders").contentType(MediaType.APPLICATION_JSON).body(espresso(customer)).exchange()
                .expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
                .expectHeader().valueEquals("Retry-After", "1")
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(detail -> org.assertj.core.api.Assertions.assertThat((String) detail)
                        .contains("3 orders are waiting"));

        publish(forOrder(first).reserved());
        await().atMost(TIMEOUT).until(() -> "CONFIRMED".equals(order(first).get("status").asString()));
        place(espresso(customer));
    }
}
