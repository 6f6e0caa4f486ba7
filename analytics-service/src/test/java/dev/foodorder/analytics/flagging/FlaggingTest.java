package dev.foodorder.analytics.flagging;

import dev.foodorder.analytics.AnalyticsDriver;
import dev.foodorder.analytics.streams.StateRetention;
import dev.foodorder.events.CloudEventHeaders;
import dev.foodorder.events.EventCodec;
import dev.foodorder.events.EventEnvelope;
import dev.foodorder.events.customer.CustomerFlagged;
import dev.foodorder.events.order.OrderEventsMother;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.stream.StreamSupport;

import static dev.foodorder.analytics.AnalyticsDriver.FIGURES;
import static dev.foodorder.analytics.AnalyticsDriver.FLAGGING;
import static dev.foodorder.events.order.OrderEventsMother.anOrder;
import static org.assertj.core.api.Assertions.assertThat;

/** The flagging rule of the production topology (more than 5 orders within 10 s, grace 30 s). */
class FlaggingTest {

    private static final String ADA = "c-42";
    private static final String EMAIL = "ada@example.org";

    private final AnalyticsDriver analytics = AnalyticsDriver.start();

    @AfterEach
    void stop() {
        analytics.close();
    }

    @Test
    void sixOrdersWithinTenSecondsFlagTheCustomer() {
        place(ADA, "12:00:00", "12:00:02", "12:00:04", "12:00:06", "12:00:08", "12:00:09.500");

        assertThat(flags(analytics.customers())).containsExactly(
                new CustomerFlagged(ADA, EMAIL, 6, 10, at("12:00:00"), at("12:00:09.500")));
    }

    @Test
    void aCustomerWhoKeepsOrderingTooOftenIsFlaggedOncePerBurst() {
        for (var second = 0; second < 30; second++) {
            analytics.publish(customer(ADA).at(at("12:00:00").plusSeconds(second)).placed());
        }

        assertThat(flags(analytics.customers())).extracting(CustomerFlagged::flaggedAt).containsExactly(at("12:00:05"));
    }

    @Test
    void theOrdersOfAFlaggedBurstAreNotKept() {
        for (var second = 0; second < 30; second++) {
            analytics.publish(customer(ADA).at(at("12:00:00").plusSeconds(second)).placed());
        }

        ReadOnlyKeyValueStore<String, CustomerActivity> activities =
                analytics.stores().store(FlaggingTopology.ACTIVITY, QueryableStoreTypes.keyValueStore(), 0);
        assertThat(activities.get(ADA).placements()).isEmpty();
        assertThat(activities.get(ADA).burstUntil()).isEqualTo(at("12:00:29"));
    }

    @Test
    void fiveOrdersWithinTenSecondsAreAllowed() {
        place(ADA, "12:00:00", "12:00:01", "12:00:02", "12:00:03", "12:00:04");

        assertThat(analytics.customers()).isEmpty();
    }

    @Test
    void sixOrdersSpreadOverMoreThanTenSecondsAreAllowed() {
        place(ADA, "12:00:00", "12:00:02.100", "12:00:04.200", "12:00:06.300", "12:00:08.400", "12:00:10.001");

        assertThat(analytics.customers()).isEmpty();
    }

    @Test
    void theOrdersOfDifferentCustomersDoNotAddUp() {
        place(ADA, "12:00:00", "12:00:01", "12:00:02");
        place("c-7", "12:00:03", "12:00:04", "12:00:05");

        assertThat(analytics.customers()).isEmpty();
    }

    @Test
    void aNewBurstAfterAQuietSpellIsFlaggedAgain() {
        place(ADA, "12:00:00", "12:00:01", "12:00:02", "12:00:03", "12:00:04", "12:00:05");
        place(ADA, "12:01:00", "12:01:01", "12:01:02", "12:01:03", "12:01:04", "12:01:05");

        assertThat(flags(analytics.customers())).extracting(CustomerFlagged::flaggedAt)
                .containsExactly(at("12:00:05"), at("12:01:05"));
    }

    @Test
    void anOrderArrivingOutOfOrderWithinTheGraceCounts() {
        place(ADA, "12:00:00", "12:00:02", "12:00:04", "12:00:08", "12:00:09");

        place(ADA, "12:00:06");

        assertThat(flags(analytics.customers())).containsExactly(
                new CustomerFlagged(ADA, EMAIL, 6, 10, at("12:00:00"), at("12:00:09")));
    }

    @Test
    void anOrderLaterThanTheGraceIsLeftOut() {
        place(ADA, "12:00:00", "12:00:02", "12:00:04", "12:00:06", "12:00:08");
        place("c-7", "12:00:40");

        place(ADA, "12:00:09");

        assertThat(analytics.customers()).isEmpty();
        assertThat(analytics.count("analytics.events.late", "view", "flagging")).isEqualTo(1);
    }

    @Test
    void aRedeliveredOrderIsNotOneMoreOrder() {
        var orders = List.of("12:00:00", "12:00:01", "12:00:02", "12:00:03", "12:00:04").stream()
                .map(time -> customer(ADA).at(at(time))).toList();
        orders.forEach(order -> analytics.publish(order.placed()));

        analytics.publish(orders.getLast().placed());

        assertThat(analytics.customers()).isEmpty();
    }

    @Test
    void theFlagIsACloudEventOfItsOwnWithNoneOfTheOrdersHeaders() {
        for (var time : List.of("12:00:00", "12:00:01", "12:00:02", "12:00:03", "12:00:04", "12:00:05")) {
            var placed = EventEnvelope.of("/order-service", customer(ADA).at(at(time)).placed());
            var traced = new LinkedHashMap<>(placed.headers());
            traced.put(CloudEventHeaders.TRACEPARENT, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
            analytics.publishRecord(placed.topic(), placed.key(), traced, EventCodec.toJson(placed.data()), placed.time());
        }

        var record = analytics.customers().getFirst();

        assertThat(record.key()).isEqualTo(ADA);
        assertThat(record.timestamp()).isEqualTo(at("12:00:05").toEpochMilli());
        assertThat(headerNames(record)).containsExactlyInAnyOrder(CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.ID,
                CloudEventHeaders.SOURCE, CloudEventHeaders.TYPE, CloudEventHeaders.TIME, CloudEventHeaders.SUBJECT,
                CloudEventHeaders.CONTENT_TYPE);
        assertThat(header(record, CloudEventHeaders.TYPE)).isEqualTo("food.analytics.customer-flagged.v1");
        assertThat(header(record, CloudEventHeaders.SOURCE)).isEqualTo("/analytics-service");
        assertThat(header(record, CloudEventHeaders.TIME)).isEqualTo("2026-11-23T12:00:05Z");
        assertThat(header(record, CloudEventHeaders.SUBJECT)).isEqualTo(ADA);
        assertThat(header(record, CloudEventHeaders.CONTENT_TYPE)).isEqualTo("application/json");
    }

    @Test
    void replayingTheSameOrdersWritesTheSameEventIdWhateverTheirArrivalOrder() {
        var times = List.of("12:00:00", "12:00:01", "12:00:02", "12:00:03", "12:00:04", "12:00:05");
        place(ADA, times.toArray(String[]::new));
        var first = header(analytics.customers().getFirst(), CloudEventHeaders.ID);

        String replayed;
        try (var replay = AnalyticsDriver.start()) {
            times.reversed().forEach(time -> replay.publish(customer(ADA).at(at(time)).placed()));
            replayed = header(replay.customers().getFirst(), CloudEventHeaders.ID);
        }
        place(ADA, "12:01:00", "12:01:01", "12:01:02", "12:01:03", "12:01:04", "12:01:05");
        var nextBurst = header(analytics.customers().getFirst(), CloudEventHeaders.ID);

        assertThat(replayed).isEqualTo(first);
        assertThat(nextBurst).isNotEqualTo(first);
    }

    @Test
    void flaggedCustomersAreQueryableNewestFirst() {
        place(ADA, "12:00:00", "12:00:01", "12:00:02", "12:00:03", "12:00:04", "12:00:05");
        place("c-7", "12:00:03", "12:00:04", "12:00:05", "12:00:06", "12:00:07", "12:00:08");
        place("c-9", "12:00:07");

        var flagged = new FlaggedCustomers(analytics.stores(), analytics.instances()).newestFirst(10);

        assertThat(flagged).extracting(FlaggedCustomer::customerId).containsExactly("c-7", ADA);
        assertThat(flagged.getFirst()).isEqualTo(
                new FlaggedCustomer("c-7", "c-7@example.org", 6, 10, at("12:00:03"), at("12:00:08")));
        assertThat(new FlaggedCustomers(analytics.stores(), analytics.instances()).newestFirst(1)).hasSize(1);
    }

    @Test
    void aFlagIsForgottenTheRetentionAfterIt() {
        try (var hourly = AnalyticsDriver.start(FIGURES, FLAGGING, new StateRetention(Duration.ofHours(1), Duration.ofMinutes(1)))) {
            var flagged = new FlaggedCustomers(hourly.stores(), hourly.instances());
            for (var second = 0; second < 6; second++) {
                hourly.publish(customer(ADA).at(at("12:00:00").plusSeconds(second)).placed());
            }

            hourly.publish(customer("c-7").at(at("13:00:00")).placed());
            assertThat(flagged.newestFirst(10)).extracting(FlaggedCustomer::customerId).containsExactly(ADA);

            hourly.publish(customer("c-7").at(at("13:01:00")).placed());
            assertThat(flagged.newestFirst(10)).isEmpty();
        }
    }

    private void place(String customerId, String... times) {
        Arrays.stream(times).forEach(time -> analytics.publish(customer(customerId).at(at(time)).placed()));
    }

    private static OrderEventsMother customer(String customerId) {
        return anOrder().withCustomer(customerId, customerId.equals(ADA) ? EMAIL : customerId + "@example.org");
    }

    private static List<CustomerFlagged> flags(List<TestRecord<String, byte[]>> records) {
        return records.stream()
                .map(record -> (CustomerFlagged) EventCodec.read(name -> header(record, name), record.value()).data())
                .toList();
    }

    private static List<String> headerNames(TestRecord<String, byte[]> record) {
        return StreamSupport.stream(record.headers().spliterator(), false).map(Header::key).toList();
    }

    private static String header(TestRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static Instant at(String time) {
        return Instant.parse("2026-11-23T" + time + "Z");
    }
}
