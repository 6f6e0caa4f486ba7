package dev.foodorder.analytics.timeline;

import dev.foodorder.analytics.AnalyticsDriver;
import dev.foodorder.analytics.streams.StateRetention;
import dev.foodorder.events.OrderId;
import dev.foodorder.events.Topics;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static dev.foodorder.analytics.AnalyticsDriver.FIGURES;
import static dev.foodorder.analytics.AnalyticsDriver.FLAGGING;
import static dev.foodorder.events.inventory.InventoryEventsMother.forOrder;
import static dev.foodorder.events.order.OrderEventsMother.anOrder;
import static org.assertj.core.api.Assertions.assertThat;

/** Order timelines of the production topology, read as the REST view reads them. */
class TimelinesTest {

    private final AnalyticsDriver analytics = AnalyticsDriver.start();
    private final Timelines timelines = new Timelines(analytics.stores(), analytics.instances());

    @AfterEach
    void stop() {
        analytics.close();
    }

    @Test
    void aTimelineHasEveryEventOfTheOrderFromBothTopicsWithWhereItWasRead() {
        var order = anOrder().at(at("12:00:00.100"));
        analytics.publish(order.placed());
        analytics.publish(forOrder(order.orderId()).at(at("12:00:00.150")).reserved());
        analytics.publish(order.at(at("12:00:00.180")).confirmed());

        var timeline = timelines.of(order.orderId()).orElseThrow();

        assertThat(timeline.orderId()).isEqualTo(order.orderId().value());
        assertThat(timeline.status()).isEqualTo("CONFIRMED");
        assertThat(timeline.events()).containsExactly(
                new TimelineView.Event("food.order.placed.v1", Topics.ORDERS, 0, 0, at("12:00:00.100"), "/order-service"),
                new TimelineView.Event("food.inventory.stock-reserved.v1", Topics.INVENTORY, 0, 0, at("12:00:00.150"), "/inventory-service"),
                new TimelineView.Event("food.order.confirmed.v1", Topics.ORDERS, 0, 1, at("12:00:00.180"), "/order-service"));
    }

    @Test
    void eventsAreListedByTheTimeTheyHappenedNotTheOrderTheyWereRead() {
        var order = anOrder().at(at("12:00:00"));
        analytics.publish(forOrder(order.orderId()).at(at("12:00:01")).reserved());
        analytics.publish(order.placed());

        assertThat(timelines.of(order.orderId()).orElseThrow().events()).extracting(TimelineView.Event::type)
                .containsExactly("food.order.placed.v1", "food.inventory.stock-reserved.v1");
    }

    @Test
    void aRedeliveredEventAppearsOnce() {
        var order = anOrder().at(at("12:00:00"));
        analytics.publish(analytics.publish(order.placed()));

        assertThat(timelines.of(order.orderId()).orElseThrow().events()).hasSize(1);
    }

    @Test
    void theStatusFollowsTheOrdersLifecycleWhateverArrivesAfter() {
        var order = anOrder().at(at("12:00:00"));
        analytics.publish(order.placed());
        analytics.publish(order.confirmed());
        analytics.publish(order.cancelled());
        analytics.publish(forOrder(order.orderId()).at(at("12:00:01")).released());
        analytics.publish(order.confirmed());

        var timeline = timelines.of(order.orderId()).orElseThrow();
        assertThat(timeline.status()).isEqualTo("CANCELLED");
        assertThat(timeline.events()).hasSize(5);
    }

    @Test
    void anOrderSeenOnlyThroughTheInventoryHasAnUnknownStatus() {
        var order = OrderId.random();
        analytics.publish(forOrder(order).at(at("12:00:00")).soldOut());

        var timeline = timelines.of(order).orElseThrow();
        assertThat(timeline.status()).isEqualTo("UNKNOWN");
        assertThat(timeline.events()).extracting(TimelineView.Event::type).containsExactly("food.inventory.stock-reservation-failed.v1");
    }

    @Test
    void stockLevelEventsBelongToNoTimeline() {
        var inventory = forOrder(OrderId.random()).at(at("12:00:00"));
        analytics.publish(inventory.stockLow("tiramisu"));
        analytics.publish(inventory.replenished("tiramisu"));

        ReadOnlyKeyValueStore<String, Timeline> store =
                analytics.stores().store(TimelineTopology.TIMELINES, QueryableStoreTypes.keyValueStore(), 0);
        try (var all = store.all()) {
            assertThat(all.hasNext()).isFalse();
        }
    }

    @Test
    void anOrderNeverSeenHasNoTimeline() {
        analytics.publish(anOrder().at(at("12:00:00")).placed());

        assertThat(timelines.of(OrderId.random())).isEmpty();
    }

    @Test
    void aTimelineIsForgottenTheRetentionAfterItsLastEvent() {
        try (var hourly = AnalyticsDriver.start(FIGURES, FLAGGING, new StateRetention(Duration.ofHours(1), Duration.ofMinutes(1)))) {
            var hourlyTimelines = new Timelines(hourly.stores(), hourly.instances());
            var order = anOrder().at(at("12:00:00"));
            hourly.publish(order.placed());
            hourly.publish(forOrder(order.orderId()).at(at("12:30:00")).reserved());

            hourly.publish(anOrder().at(at("13:29:30")).placed());
            assertThat(hourlyTimelines.of(order.orderId())).isPresent();

            hourly.publish(anOrder().at(at("13:30:30")).placed());
            assertThat(hourlyTimelines.of(order.orderId())).isEmpty();
        }
    }

    private static Instant at(String time) {
        return Instant.parse("2026-11-23T" + time + "Z");
    }
}
