package dev.foodorder.analytics.figures;

import dev.foodorder.analytics.AnalyticsDriver;
import dev.foodorder.analytics.streams.OrderStatus;
import dev.foodorder.analytics.streams.StateRetention;
import dev.foodorder.events.order.OrderEventsMother;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.assertj.core.api.recursive.comparison.RecursiveComparisonConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.foodorder.analytics.AnalyticsDriver.FIGURES;
import static dev.foodorder.analytics.AnalyticsDriver.FLAGGING;
import static dev.foodorder.events.order.OrderEventsMother.anOrder;
import static dev.foodorder.events.order.OrderEventsMother.line;
import static org.assertj.core.api.Assertions.assertThat;

/** The figures of the production topology, read as the REST view reads them. */
class FiguresTest {

    private final AnalyticsDriver analytics = AnalyticsDriver.start();
    private final Figures figures = new Figures(analytics.stores(), analytics.instances());

    @AfterEach
    void stop() {
        analytics.close();
    }

    @Test
    void countsOrdersPlacedConfirmedRejectedAndCancelledPerMinuteByEventTime() {
        var confirmed = anOrder().at(at("12:00:05"));
        var rejected = anOrder().at(at("12:00:30"));
        var cancelled = anOrder().at(at("12:01:10"));
        analytics.publish(confirmed.placed());
        analytics.publish(rejected.placed());
        analytics.publish(rejected.at(at("12:00:40")).rejected());
        analytics.publish(confirmed.at(at("12:01:02")).confirmed());
        analytics.publish(cancelled.placed());
        analytics.publish(cancelled.at(at("12:01:30")).cancelled());

        var view = figures.lastMinutes(at("12:01:45"), 3);

        assertThat(view.minutes()).extracting(FiguresView.Minute::start)
                .containsExactly(at("11:59:00"), at("12:00:00"), at("12:01:00"));
        assertThat(view.minutes()).extracting(FiguresTest::counts)
                .containsExactly(List.of(0, 0, 0, 0), List.of(2, 0, 1, 0), List.of(1, 1, 0, 1));
        assertThat(view.totals()).isEqualTo(new FiguresView.Totals(3, 1, 1, 1));
    }

    @Test
    void listsEveryMinuteOldestFirstWithZerosWhereNothingHappened() {
        var view = figures.lastMinutes(at("12:04:59"), 5);

        assertThat(view.minutes()).extracting(FiguresView.Minute::start)
                .containsExactly(at("12:00:00"), at("12:01:00"), at("12:02:00"), at("12:03:00"), at("12:04:00"));
        assertThat(view.minutes()).allSatisfy(minute -> {
            assertThat(counts(minute)).containsOnly(0);
            assertThat(minute.outcomeP50Ms()).isNull();
        });
        assertThat(view.rejectionRate()).isNull();
        assertThat(view.ordersByStatus()).containsExactly(Map.entry(OrderStatus.PENDING, 0L), Map.entry(OrderStatus.CONFIRMED, 0L),
                Map.entry(OrderStatus.REJECTED, 0L), Map.entry(OrderStatus.CANCELLED, 0L));
    }

    @Test
    void anEventWithinTheGraceStillCountsInItsOwnMinute() {
        analytics.publish(anOrder().at(at("12:00:50")).placed());
        analytics.publish(anOrder().at(at("12:01:15")).placed());

        // Minute 12:00 closes at 12:01:30, its end and the grace after it.
        analytics.publish(anOrder().at(at("12:00:55")).placed());

        assertThat(figures.lastMinutes(at("12:01:59"), 2).minutes()).extracting(FiguresView.Minute::placed).containsExactly(2, 1);
        assertThat(analytics.count("analytics.events.late", "view", "figures")).isZero();
    }

    @Test
    void anEventLaterThanTheGraceIsLeftOutOfItsMinuteButStillMovesItsOrderOn() {
        analytics.publish(anOrder().at(at("12:00:50")).placed());
        analytics.publish(anOrder().at(at("12:01:30")).placed());

        analytics.publish(anOrder().at(at("12:00:59")).placed());

        var view = figures.lastMinutes(at("12:01:59"), 2);
        assertThat(view.minutes()).extracting(FiguresView.Minute::placed).containsExactly(1, 1);
        assertThat(analytics.count("analytics.events.late", "view", "figures")).isEqualTo(1);
        assertThat(view.ordersByStatus()).containsEntry(OrderStatus.PENDING, 3L);
    }

    @Test
    void timeToOutcomePercentilesPerMinuteComeFromTheEventTimesOfEachOrder() {
        for (var i = 0; i < 18; i++) {
            var order = anOrder().at(at("12:00:00").plusSeconds(i));
            analytics.publish(order.placed());
            analytics.publish(order.at(order.at().plusMillis(100)).confirmed());
        }
        for (var i = 0; i < 2; i++) {
            var order = anOrder().at(at("12:00:20").plusSeconds(i));
            analytics.publish(order.placed());
            analytics.publish(order.at(order.at().plusSeconds(4)).rejected());
        }
        analytics.publish(anOrder().at(at("12:01:10")).placed());

        var minutes = figures.lastMinutes(at("12:01:30"), 2).minutes();

        var settling = minutes.getFirst();
        assertThat(settling.outcomeP50Ms()).isEqualTo(100.0);
        // Estimated within the bucket of 2 to 5 s, bounded by the longest time seen.
        assertThat(settling.outcomeP95Ms()).isBetween(2_000.0, 4_000.0);
        assertThat(settling.outcomeP99Ms()).isEqualTo(4_000.0);
        assertThat(minutes.getLast().outcomeP50Ms()).isNull();
    }

    @Test
    void aRedeliveredEventCountsOnce() {
        var order = anOrder().at(at("12:00:10"));
        analytics.publish(analytics.publish(order.placed()));
        analytics.publish(analytics.publish(order.at(at("12:00:11")).confirmed()));

        var view = figures.lastMinutes(at("12:00:30"), 1);

        assertThat(view.totals()).isEqualTo(new FiguresView.Totals(1, 1, 0, 0));
        assertThat(view.ordersByStatus()).containsEntry(OrderStatus.PENDING, 0L).containsEntry(OrderStatus.CONFIRMED, 1L);
        assertThat(view.minutes().getFirst().outcomeP50Ms()).isEqualTo(1_000.0);
    }

    @Test
    void ordersByStatusCountEveryOrderSeenByItsLatestStatus() {
        placeAndSettle(anOrder());
        var confirmed = placeAndSettle(anOrder());
        analytics.publish(confirmed.confirmed());
        var rejected = placeAndSettle(anOrder());
        analytics.publish(rejected.rejected());
        var cancelled = placeAndSettle(anOrder());
        analytics.publish(cancelled.confirmed());
        analytics.publish(cancelled.cancelled());

        assertThat(figures.lastMinutes(at("12:00:30"), 1).ordersByStatus()).containsExactly(
                Map.entry(OrderStatus.PENDING, 1L), Map.entry(OrderStatus.CONFIRMED, 1L),
                Map.entry(OrderStatus.REJECTED, 1L), Map.entry(OrderStatus.CANCELLED, 1L));
    }

    @Test
    void theSharesOfTwoInstancesAddUpToTheFiguresOfOneThatReadEverything() {
        try (var other = AnalyticsDriver.start(); var whole = AnalyticsDriver.start()) {
            // Fast outcomes here, slow ones on the other instance: the median of all is none of the two medians,
            // nor their average, so only histograms added up before the estimate give it.
            for (var i = 0; i < 2; i++) {
                settle(anOrder().at(at("12:00:00").plusSeconds(i)), Duration.ofMillis(100), analytics, whole);
            }
            for (var i = 0; i < 3; i++) {
                settle(anOrder().at(at("12:00:10").plusSeconds(i)), Duration.ofSeconds(20), other, whole);
            }
            var first = at("12:00:00");
            var last = at("12:01:00");

            var added = FiguresView.of(first, last, figures.share(Set.of(0), first, last)
                    .plus(new Figures(other.stores(), other.instances()).share(Set.of(0), first, last)));

            assertThat(added).isEqualTo(new Figures(whole.stores(), whole.instances()).lastMinutes(at("12:01:30"), 2));
            assertThat(added.totals()).isEqualTo(new FiguresView.Totals(5, 5, 0, 0));
        }
    }

    @Test
    void theRejectionRateIsRejectedOverConfirmedAndRejected() {
        for (var i = 0; i < 3; i++) {
            analytics.publish(placeAndSettle(anOrder()).confirmed());
        }
        analytics.publish(placeAndSettle(anOrder()).rejected());
        analytics.publish(placeAndSettle(anOrder()).cancelled());

        assertThat(figures.lastMinutes(at("12:00:30"), 1).rejectionRate()).isEqualTo(0.25);
    }

    @Test
    void topSellersAddUpTheConfirmedLinesOfTheLastHourByRevenue() {
        confirm(anOrder().withLines(line("margherita", "Pizza Margherita", 2, "9.50"), line("tiramisu", "Tiramisu", 1, "5.50"))
                .at(at("12:10:00")));
        confirm(anOrder().withLines(line("margherita", "Pizza Margherita", 1, "9.50")).at(at("12:20:00")));
        var rejected = anOrder().withLines(line("lasagne", "Lasagne", 10, "12.00")).at(at("12:21:00"));
        analytics.publish(rejected.placed());
        analytics.publish(rejected.rejected());
        analytics.publish(anOrder().withLines(line("lasagne", "Lasagne", 5, "12.00")).at(at("12:22:00")).placed());

        var view = figures.topSellers(at("12:30:00"), 5);

        assertThat(view.since()).isEqualTo(at("11:31:00"));
        assertThat(view.items()).usingRecursiveFieldByFieldElementComparator(decimalsByValue()).containsExactly(
                new TopSellersView.Item("margherita", "Pizza Margherita", 3, new BigDecimal("28.50"), "EUR"),
                new TopSellersView.Item("tiramisu", "Tiramisu", 1, new BigDecimal("5.50"), "EUR"));
        assertThat(figures.topSellers(at("12:30:00"), 1).items()).extracting(TopSellersView.Item::sku).containsExactly("margherita");
    }

    @Test
    void aCancelledConfirmedOrderTakesItsLinesBackOutEvenAfterItsMinuteClosed() {
        var cancelled = anOrder().withLines(line("lasagne", "Lasagne", 2, "12.00")).at(at("12:10:00"));
        confirm(cancelled);
        confirm(anOrder().withLines(line("tiramisu", "Tiramisu", 1, "5.50")).at(at("12:11:00")));

        analytics.publish(cancelled.at(at("12:15:00")).cancelled());

        assertThat(figures.topSellers(at("12:30:00"), 5).items()).extracting(TopSellersView.Item::sku).containsExactly("tiramisu");
    }

    @Test
    void salesOlderThanTheLastHourAreLeftOut() {
        confirm(anOrder().withLines(line("margherita", "Pizza Margherita", 1, "9.50")).at(at("12:00:30")));
        confirm(anOrder().withLines(line("tiramisu", "Tiramisu", 1, "5.50")).at(at("12:40:00")));

        var view = figures.topSellers(at("13:05:00"), 5);

        assertThat(view.since()).isEqualTo(at("12:06:00"));
        assertThat(view.items()).extracting(TopSellersView.Item::sku).containsExactly("tiramisu");
    }

    @Test
    void anOrdersStateIsForgottenTheRetentionAfterItsLastEventButItStaysCounted() {
        try (var hourly = AnalyticsDriver.start(FIGURES, FLAGGING, new StateRetention(Duration.ofHours(1), Duration.ofMinutes(1)))) {
            var forgotten = anOrder().at(at("12:00:00"));
            hourly.publish(forgotten.placed());
            ReadOnlyKeyValueStore<String, OrderProgress> orders =
                    hourly.stores().store(FiguresTopology.ORDERS, QueryableStoreTypes.keyValueStore(), 0);

            hourly.publish(anOrder().at(at("12:59:30")).placed());
            assertThat(orders.get(forgotten.key())).isNotNull();

            hourly.publish(anOrder().at(at("13:00:30")).placed());
            assertThat(orders.get(forgotten.key())).isNull();
            assertThat(new Figures(hourly.stores(), hourly.instances()).lastMinutes(at("13:00:30"), 1).ordersByStatus())
                    .containsEntry(OrderStatus.PENDING, 3L);
        }
    }

    /** Places an order at noon and returns it ten seconds later, for the outcome. */
    private OrderEventsMother placeAndSettle(OrderEventsMother order) {
        var placed = order.at(at("12:00:00"));
        analytics.publish(placed.placed());
        return placed.at(at("12:00:10"));
    }

    /** Places and confirms the order on each driver, as if each were the only one to read it. */
    private static void settle(OrderEventsMother order, Duration outcome, AnalyticsDriver... drivers) {
        for (var driver : drivers) {
            driver.publish(order.placed());
            driver.publish(order.at(order.at().plus(outcome)).confirmed());
        }
    }

    private void confirm(OrderEventsMother order) {
        analytics.publish(order.placed());
        analytics.publish(order.at(order.at().plusSeconds(1)).confirmed());
    }

    private static List<Integer> counts(FiguresView.Minute minute) {
        return List.of(minute.placed(), minute.confirmed(), minute.rejected(), minute.cancelled());
    }

    private static RecursiveComparisonConfiguration decimalsByValue() {
        return RecursiveComparisonConfiguration.builder().withComparatorForType(BigDecimal::compareTo, BigDecimal.class).build();
    }

    private static Instant at(String time) {
        return Instant.parse("2026-11-23T" + time + "Z");
    }
}
