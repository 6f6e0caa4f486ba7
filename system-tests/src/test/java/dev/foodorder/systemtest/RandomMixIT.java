package dev.foodorder.systemtest;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenario 2: customers order and cancel at the same time, as fast as the system answers. Stock
 * is short on purpose (a hundred of each dish, six tiramisu), so orders compete for the last units
 * and cancellations race the inventory's answers.
 */
@SystemTest
@Order(2)
@DisplayName("2. Random mix: a few hundred orders and cancellations from concurrent clients")
class RandomMixIT {

    @Test
    void theBooksBalanceOnceTheSystemIsQuiet(RunningSystem system) {
        var scenario = Scenario.begin(system, 2, "Random mix of orders and cancellations from concurrent clients")
                .stockUp(100, 6);

        var load = scenario.load(Load.Plan.of(320).customers(8).cancelling(0.25));
        load.awaitFinished();
        scenario.note("8 customers, %.0f orders/s", load.ordersPerSecond());

        var books = scenario.assertBooksBalance(Duration.ofMinutes(2));
        assertThat(books.confirmed()).as("confirmed").isPositive();
        assertThat(books.rejected()).as("rejected for want of stock").isPositive();
        assertThat(books.cancelled()).as("cancelled").isPositive();
    }
}
