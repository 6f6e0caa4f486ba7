package dev.foodorder.order.ordering;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;

import static dev.foodorder.events.inventory.InventoryEventsMother.forOrder;
import static dev.foodorder.order.ordering.OrderRequests.espresso;
import static dev.foodorder.order.ordering.OrderRequests.newCustomer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The API takes no more orders than the flow behind it settles: past a number of orders waiting
 * for the inventory's answer, a new one gets 503 with Retry-After, until the answers come. The
 * database is counted once, at the first order: what follows is the count kept in memory.
 */
@TestPropertySource(properties = {"orders.pending.max=3", "orders.pending.refresh=1h"})
class BackpressureTest extends OrderServiceIntegrationTest {

    /** The analytics service's live page, whose origin application.yml allows by default. */
    private static final String LIVE_PAGE = "http://localhost:8085";

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
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail)
                        .contains("3 orders are waiting"));

        // The live page, on another origin, sees the refusal and its Retry-After, not a network error.
        http.post().uri("/api/orders").header(HttpHeaders.ORIGIN, LIVE_PAGE).contentType(MediaType.APPLICATION_JSON)
                .body(espresso(customer)).exchange()
                .expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
                .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, LIVE_PAGE)
                .expectHeader().value(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS, exposed -> assertThat(exposed).contains("Retry-After"));

        publish(forOrder(first).reserved());
        await().atMost(TIMEOUT).until(() -> "CONFIRMED".equals(order(first).get("status").asString()));
        place(espresso(customer));
    }
}
