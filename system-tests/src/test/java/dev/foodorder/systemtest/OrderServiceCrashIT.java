package dev.foodorder.systemtest;

import dev.foodorder.events.CloudEventHeaders;
import dev.foodorder.events.Topics;
import dev.foodorder.infrastructure.test.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static dev.foodorder.systemtest.RunningSystem.ORDER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenario 14: the order service dies (SIGKILL) under load, with requests in flight, orders being
 * committed and its outbox relay between batches or in one, then is started again. Customers are
 * careful clients: an order whose request got no answer is sent again with its Idempotency-Key, and
 * finds itself placed if the dead instance had committed it. Once back, the relay publishes what the
 * outbox still holds. On the {@code orders} topic every event of every order is there, under the one
 * id its order recorded: a batch sent again after the crash is the same events again, never new ones.
 */
@SystemTest
@Order(14)
@DisplayName("14. The order service is killed (SIGKILL) under load, then started again")
class OrderServiceCrashIT {

    /** What a client may meet while the order service is dead or starting; never a 500, never an order lost. */
    private static final Set<String> FAIR_REFUSALS = Set.of("connection refused", "connection closed without an answer",
            "503 application/problem+json");

    @Test
    void everyAcceptedOrderSurvivesAndEachOfItsEventsIsPublishedUnderOneId(RunningSystem system) {
        var scenario = Scenario.begin(system, 14, "Order service killed (SIGKILL) under load, then restarted")
                .stockUp(1000, 10);
        var load = scenario.load(Load.Plan.of(200).customers(6).cancelling(0.1).paced(15).retrying());

        load.awaitAnswered(60);
        var killedAt = System.nanoTime();
        system.process(ORDER).kill();
        var placedBefore = load.answered();
        var ready = system.restart(ORDER);
        var downFor = (System.nanoTime() - killedAt) / 1e9;
        load.awaitFinished();
        scenario.note("order service down %.1f s (ready %.1f s after its restart); %d orders accepted before the kill; careful clients "
                        + "were refused %s and sent their orders again with their Idempotency-Key, %d of them found already placed",
                downFor, ready, placedBefore, load.refusals(), load.replayed());

        scenario.awaitEveryOrderFinal(Duration.ofMinutes(2));
        var published = eventsOnTheTopic(system, scenario.placedOrders());
        var copies = published.byId().values().stream().mapToInt(List::size).sum() - published.byId().size();
        scenario.note("on the orders topic, %d events of its orders under %d ids, %d recorded by the orders; %d sent again with "
                + "the same id after the crash", published.byId().size(), published.byId().size(), published.recorded().size(), copies);

        scenario.assertBooksBalance(Duration.ofMinutes(2));
        assertThat(load.refusals().keySet()).as("what clients met while the order service was dead or starting")
                .allMatch(refusal -> FAIR_REFUSALS.stream().anyMatch(refusal::endsWith));
        assertThat(published.byId().keySet()).as("ids of the events of the scenario's orders on %s", Topics.ORDERS)
                .containsExactlyInAnyOrderElementsOf(published.recorded().keySet());
        published.byId().forEach((id, records) -> assertThat(records).as("records of event %s", id)
                .allMatch(record -> published.recorded().get(id).equals(TopicReader.header(record, CloudEventHeaders.TYPE))));
    }

    /**
     * Reads {@code orders} until every event the scenario's orders recorded as sent is there, and
     * returns their records by event id: more than one record is the same event sent again; an id
     * the orders did not record would be an event published twice as two.
     */
    private static Published eventsOnTheTopic(RunningSystem system, Set<UUID> orders) {
        var recorded = new HashMap<UUID, String>();
        orders.forEach(id -> system.orders().get(id).sent().forEach(event -> recorded.put(event.eventId(), event.type())));
        var keys = orders.stream().map(UUID::toString).collect(Collectors.toSet());
        try (var reader = new TopicReader(system.kafkaClient(), Topics.ORDERS)) {
            var records = reader.await(record -> keys.contains(record.key()),
                    seen -> seen.stream().map(OrderServiceCrashIT::id).collect(Collectors.toSet()).containsAll(recorded.keySet()),
                    Duration.ofMinutes(1));
            return new Published(recorded, records.stream().collect(Collectors.groupingBy(OrderServiceCrashIT::id)));
        }
    }

    /**
     * @param recorded the events the orders recorded as sent: their types by id
     * @param byId     the records of the orders' events on the topic, by id
     */
    private record Published(Map<UUID, String> recorded, Map<UUID, List<ConsumerRecord<String, String>>> byId) {
    }

    private static UUID id(ConsumerRecord<String, String> record) {
        return UUID.fromString(TopicReader.header(record, CloudEventHeaders.ID));
    }
}
