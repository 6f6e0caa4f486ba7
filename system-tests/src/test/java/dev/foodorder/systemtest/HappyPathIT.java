package dev.foodorder.systemtest;

import dev.foodorder.systemtest.OrderApi.NewOrder;
import dev.foodorder.systemtest.OrderApi.OrderView.UnavailableItem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Scenario 1: one order of each kind, followed through all three services. */
@SystemTest
@Order(1)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("1. Happy path, rejection and cancellation, end to end")
class HappyPathIT {

    private static final Duration NOTIFIED_WITHIN = Duration.ofSeconds(30);

    private static Scenario scenario;
    private final RunningSystem system;

    HappyPathIT(RunningSystem system) {
        this.system = system;
    }

    @BeforeAll
    static void begin(RunningSystem system) {
        scenario = Scenario.begin(system, 1, "Happy path, rejection and cancellation");
    }

    @Test
    @Order(1)
    void confirmsAnOrderTheKitchenCanServeAndReservesExactlyItsLines() {
        var stockBefore = system.inventory().stock();
        var order = NewOrder.of(scenario.customer(1), Map.of("margherita", 2, "espresso", 1));

        var response = system.orders().place(order, "Prefer", "wait=10");

        assertThat(response.status()).as("decided within the wait: %s", response).isEqualTo(201);
        var placed = scenario.placed(response, order);
        assertThat(system.orders().get(placed.id()).status()).isEqualTo("CONFIRMED");
        assertThat(system.inventory().stock("margherita").reserved()).isEqualTo(stockBefore.get("margherita").reserved() + 2);
        assertThat(system.inventory().stock("espresso").available()).isEqualTo(stockBefore.get("espresso").available() - 1);
        var reservation = system.inventory().reservation(placed.id()).orElseThrow();
        assertThat(reservation.status()).isEqualTo("RESERVED");
        assertThat(reservation.quantities()).isEqualTo(Map.of("margherita", 2, "espresso", 1));
        awaitNotifications(placed, "ORDER_RECEIVED", "ORDER_CONFIRMED");
    }

    @Test
    @Order(2)
    void rejectsAnOrderForMoreThanIsInStockAndTakesNothing() {
        var tiramisu = system.inventory().stock(RandomOrders.SCARCE);
        var asked = tiramisu.available() + 1;
        var order = NewOrder.of(scenario.customer(2), Map.of(RandomOrders.SCARCE, asked, "bruschetta", 1));

        var response = system.orders().place(order, "Prefer", "wait=10");

        assertThat(response.status()).as("decided within the wait: %s", response).isEqualTo(201);
        var placed = scenario.placed(response, order);
        var rejected = system.orders().get(placed.id());
        assertThat(rejected.status()).isEqualTo("REJECTED");
        assertThat(rejected.rejection().reason()).isEqualTo("OUT_OF_STOCK");
        assertThat(rejected.rejection().unavailableItems())
                .containsExactly(new UnavailableItem(RandomOrders.SCARCE, asked, tiramisu.available()));
        assertThat(system.inventory().stock(RandomOrders.SCARCE)).isEqualTo(tiramisu);
        assertThat(system.inventory().reservation(placed.id()).orElseThrow().status()).isEqualTo("REFUSED");
        awaitNotifications(placed, "ORDER_RECEIVED", "ORDER_REJECTED");
    }

    @Test
    @Order(3)
    void cancellingAConfirmedOrderGivesItsStockBack() {
        var lasagnaBefore = system.inventory().stock("lasagna");
        var placed = scenario.place(scenario.customer(3), Map.of("lasagna", 3));
        assertThat(system.orders().awaitOutcome(placed.id(), 10).status()).isEqualTo("CONFIRMED");
        assertThat(system.inventory().stock("lasagna").available()).isEqualTo(lasagnaBefore.available() - 3);

        var cancelled = system.orders().cancel(placed.id());

        assertThat(cancelled.status()).as("cancel: %s", cancelled).isEqualTo(200);
        assertThat(cancelled.json().get("status").asString()).isEqualTo("CANCELLED");
        scenario.cancelled(placed.id());
        await("lasagna back in stock").atMost(NOTIFIED_WITHIN)
                .until(() -> system.inventory().stock("lasagna").available() == lasagnaBefore.available());
        assertThat(system.inventory().reservation(placed.id()).orElseThrow().status()).isEqualTo("RELEASED");
        awaitNotifications(placed, "ORDER_RECEIVED", "ORDER_CONFIRMED", "ORDER_CANCELLED");

        var again = system.orders().cancel(placed.id());
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.isProblem()).as("problem+json: %s", again).isTrue();
    }

    @Test
    @Order(4)
    void theBooksBalance() {
        scenario.assertBooksBalance(Duration.ofMinutes(1));
    }

    private void awaitNotifications(PlacedOrder order, String... types) {
        await("notifications of order " + order.id()).atMost(NOTIFIED_WITHIN).untilAsserted(() ->
                assertThat(system.notifications().ofCustomer(order.customerId()).stream()
                        .filter(notification -> order.id().equals(notification.orderId()))
                        .map(NotificationApi.Notification::type))
                        .containsExactlyInAnyOrder(types));
    }
}
