package dev.foodorder.notification.notifying;

import dev.foodorder.events.SampleEvents;
import dev.foodorder.events.customer.CustomerFlagged;
import dev.foodorder.events.inventory.ReservationEvent;
import dev.foodorder.events.inventory.StockLevelLow;
import dev.foodorder.events.inventory.StockReplenished;
import dev.foodorder.events.order.OrderCancelled;
import dev.foodorder.events.order.OrderConfirmed;
import dev.foodorder.events.order.OrderEvent;
import dev.foodorder.events.order.OrderPlaced;
import dev.foodorder.events.order.OrderRejected;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ComposerTest {

    private final Composer composer = new Composer("kitchen@example.org");

    @Test
    void writesToTheCustomerOfEveryOrderEvent() {
        SampleEvents.all().stream().filter(OrderEvent.class::isInstance).map(OrderEvent.class::cast).forEach(event ->
                assertThat(composer.compose(event)).hasValueSatisfying(draft -> {
                    assertThat(draft.recipient()).isEqualTo(event.customerEmail());
                    assertThat(draft.customerId()).isEqualTo(event.customerId());
                    assertThat(draft.orderId()).isEqualTo(event.orderId());
                    assertThat(draft.body()).contains(event.orderId().toString());
                }));
    }

    @Test
    void writesToTheOperatorsOfEveryStockLevelChange() {
        SampleEvents.all().stream().filter(event -> event instanceof StockLevelLow || event instanceof StockReplenished)
                .forEach(event -> assertThat(composer.compose(event)).hasValueSatisfying(draft -> {
                    assertThat(draft.recipient()).isEqualTo("kitchen@example.org");
                    assertThat(draft.customerId()).isNull();
                    assertThat(draft.orderId()).isNull();
                    assertThat(draft.subject()).contains("tiramisu");
                }));
    }

    @Test
    void leavesReservationsToTheOrderEventsTheyLeadTo() {
        assertThat(SampleEvents.all()).filteredOn(ReservationEvent.class::isInstance).isNotEmpty()
                .allSatisfy(event -> assertThat(composer.compose(event)).isEmpty());
    }

    @Test
    void composesForExactlyTheEventsTheNotifierConsumes() {
        SampleEvents.all().forEach(event -> assertThat(composer.compose(event).isPresent())
                .as(event.getClass().getSimpleName()).isEqualTo(Notifier.EVENTS.contains(event.getClass())));
    }

    @Test
    void listsEveryLineOfAReceivedOrderWithItsPriceAndTheTotal() {
        var placed = sample(OrderPlaced.class);

        var draft = composer.compose(placed).orElseThrow();

        assertThat(draft.type()).isEqualTo(NotificationType.ORDER_RECEIVED);
        assertThat(draft.subject()).isEqualTo("We received your order 6f1c2a7e");
        assertThat(draft.body()).contains(
                "2 x Pizza Margherita (margherita) at 9.50 EUR: 19.00 EUR",
                "1 x Tiramisu (tiramisu) at 5.00 EUR: 5.00 EUR",
                "Total: 24.00 EUR");
    }

    @Test
    void namesTheTotalOfAConfirmedOrder() {
        var draft = composer.compose(sample(OrderConfirmed.class)).orElseThrow();

        assertThat(draft.type()).isEqualTo(NotificationType.ORDER_CONFIRMED);
        assertThat(draft.subject()).isEqualTo("Your order 6f1c2a7e is confirmed");
        assertThat(draft.body()).contains("Total: 24.00 EUR");
    }

    @Test
    void explainsARejectionWithTheReasonAndTheItemsThatCouldNotBeServed() {
        var draft = composer.compose(sample(OrderRejected.class)).orElseThrow();

        assertThat(draft.type()).isEqualTo(NotificationType.ORDER_REJECTED);
        assertThat(draft.subject()).isEqualTo("We could not accept your order 6f1c2a7e");
        assertThat(draft.body()).contains("because some items are out of stock", "tiramisu: you asked for 3, we have 1");
    }

    @Test
    void givesTheReasonOfACancellation() {
        var draft = composer.compose(sample(OrderCancelled.class)).orElseThrow();

        assertThat(draft.type()).isEqualTo(NotificationType.ORDER_CANCELLED);
        assertThat(draft.subject()).isEqualTo("Your order 6f1c2a7e is cancelled");
        assertThat(draft.body()).contains("Reason: changed my mind");
    }

    @Test
    void explainsAnOrderCancelledAtItsDeadlineInWordsRatherThanAsAReasonCode() {
        var sample = sample(OrderCancelled.class);
        var timedOut = new OrderCancelled(sample.orderId(), sample.customerId(), sample.customerEmail(),
                OrderCancelled.TIMEOUT, sample.cancelledAt());

        var draft = composer.compose(timedOut).orElseThrow();

        assertThat(draft.body()).contains("We could not confirm it in time").doesNotContain(OrderCancelled.TIMEOUT);
    }

    @Test
    void tellsTheOperatorsHowLowTheStockIsAndHowMuchCameIn() {
        var low = composer.compose(sample(StockLevelLow.class)).orElseThrow();
        var replenished = composer.compose(sample(StockReplenished.class)).orElseThrow();

        assertThat(low.type()).isEqualTo(NotificationType.STOCK_LOW);
        assertThat(low.subject()).isEqualTo("Stock low: tiramisu (2 left)");
        assertThat(low.body()).contains("Only 2 of tiramisu are available, below the threshold of 5.");
        assertThat(replenished.type()).isEqualTo(NotificationType.STOCK_REPLENISHED);
        assertThat(replenished.subject()).isEqualTo("Stock replenished: tiramisu (22 available)");
        assertThat(replenished.body()).contains("20 of tiramisu were added; 22 are available now.");
    }

    @Test
    void tellsTheOperatorsWhichCustomerPlacedHowManyOrdersWithinHowManySeconds() {
        var flagged = sample(CustomerFlagged.class);

        var draft = composer.compose(flagged).orElseThrow();

        assertThat(draft.type()).isEqualTo(NotificationType.CUSTOMER_FLAGGED);
        assertThat(draft.recipient()).isEqualTo("kitchen@example.org");
        assertThat(draft.customerId()).as("not one of the customer's own notifications").isNull();
        assertThat(draft.orderId()).isNull();
        assertThat(draft.subject()).isEqualTo("Customer c-42 placed 6 orders within 10 seconds");
        assertThat(draft.body()).contains(
                "Customer c-42 (ada@example.org) placed 6 orders within 10 seconds, "
                        + "the first at 2026-11-23T11:59:52.123456Z and the last at 2026-11-23T12:00:00.123456Z.",
                "before the kitchen cooks them");
    }

    private static <T> T sample(Class<T> type) {
        return SampleEvents.all().stream().filter(type::isInstance).map(type::cast).findFirst().orElseThrow();
    }
}
