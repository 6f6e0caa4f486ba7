package dev.foodorder.deployment;

import dev.foodorder.events.EventType;
import dev.foodorder.events.Topics;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the AsyncAPI checks take a service to send and read, from code written as the services write it. */
class ServiceCodeTest {

    @Test
    void aListenerReadsTheTopicsItNamesAndActsOnTheEventsItSelectsByClass() {
        var code = ServiceCode.read("a-service", List.of("""
                @KafkaListener(id = ID, topics = {Topics.ORDERS, Topics.INVENTORY}, batch = "true")
                void on(List<ConsumerRecord<String, byte[]>> records) {
                    batches.handle(records, EventBatches.only(OrderPlaced.class), handler::handleAll);
                }
                """, """
                Draft compose(IntegrationEvent event) {
                    return switch (event) {
                        case OrderPlaced placed -> received(placed);
                        case StockReleased released -> throw new IllegalArgumentException("not asked for");
                    };
                }
                """));

        assertThat(code.listensTo()).containsExactlyInAnyOrder(Topics.ORDERS, Topics.INVENTORY);
        assertThat(code.streamsFrom()).isEmpty();
        assertThat(code.selects()).as("only by class").containsExactly(EventType.ORDER_PLACED);
    }

    @Test
    void aListenerThatNamesATopicsReplayTopicReplaysItAndStillListensToTheTopic() {
        var code = ServiceCode.read("a-service", List.of("""
                @KafkaListener(id = ID, topics = {Topics.ORDERS, Topics.INVENTORY, Topics.ORDERS + EventBatches.REPLAYS}, batch = "true")
                void on(List<ConsumerRecord<String, byte[]>> records) {
                }
                """));

        assertThat(code.listensTo()).containsExactlyInAnyOrder(Topics.ORDERS, Topics.INVENTORY);
        assertThat(code.replays()).containsExactly(Topics.ORDERS);
    }

    @Test
    void aTopologyReadsTheTopicsItsSourcesNameActsOnTheEventsItMatchesAndSendsThoseItCreates() {
        var code = ServiceCode.read("a-service", List.of("""
                static EventStreams readFrom(StreamsBuilder builder) {
                    return new EventStreams(source(builder, Topics.ORDERS), source(builder, Topics.INVENTORY));
                }
                private static KStream<String, EventEnvelope> source(StreamsBuilder builder, String topic) {
                    return builder.<String, EventEnvelope>stream(topic, Consumed.with(Serdes.String(), serde));
                }
                """, """
                static void addTo(KStream<String, EventEnvelope> orders, KStream<String, EventEnvelope> inventory) {
                    var reservations = inventory.filter((key, envelope) -> envelope.data() instanceof ReservationEvent);
                    orders.filter((key, envelope) -> envelope.data() instanceof OrderPlaced)
                            .mapValues(placed -> new CustomerFlagged(id, email, 6, 10, first, last))
                            .to(Topics.CUSTOMERS, Produced.with(Serdes.String(), events));
                    var stores = Stores.keyValueStoreBuilder(supplier, Serdes.String(), JsonSerde.of(CustomerFlagged.class));
                    var partitions = Topics.DEFAULT_PARTITIONS;
                }
                """));

        assertThat(code.listensTo()).isEmpty();
        assertThat(code.streamsFrom()).containsExactlyInAnyOrder(Topics.ORDERS, Topics.INVENTORY);
        assertThat(code.selects()).containsExactlyInAnyOrder(EventType.ORDER_PLACED,
                EventType.STOCK_RESERVED, EventType.STOCK_RESERVATION_FAILED, EventType.STOCK_RELEASED);
        assertThat(code.creates()).containsExactly(EventType.CUSTOMER_FLAGGED);
    }

    @Test
    void aTopicThatIsNoConstantOfTheContractCannotBeRead() {
        assertThatThrownBy(() -> ServiceCode.read("a-service", List.of("@KafkaListener(topics = ORDERS_TOPIC) void on() {}")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ORDERS_TOPIC");
    }
}
