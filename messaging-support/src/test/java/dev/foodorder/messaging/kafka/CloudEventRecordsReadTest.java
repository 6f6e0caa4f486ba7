package dev.foodorder.messaging.kafka;

import dev.foodorder.events.CloudEventHeaders;
import dev.foodorder.events.EventEnvelope;
import dev.foodorder.events.MalformedEventException;
import dev.foodorder.events.SampleEvents;
import dev.foodorder.events.inventory.StockReplenished;
import dev.foodorder.events.order.OrderCancelled;
import dev.foodorder.events.order.OrderPlaced;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CloudEventRecordsReadTest {

    /** What a producer built after this consumer may write: the next version of an event it acts on, reshaped. */
    private static final String NEXT_VERSION = "food.order.placed.v2";
    private static final byte[] NEXT_VERSION_VALUE = "{\"order\":{\"id\":\"not the v1 shape\"}}".getBytes(StandardCharsets.UTF_8);

    @Test
    void readsAnEventFromItsOwnTopic() {
        var envelope = EventEnvelope.of("/test", SampleEvents.all().getFirst());
        var record = CloudEventRecords.toRecord(envelope);

        assertThat(CloudEventRecords.read("orders", record.headers(), record.value())).isEqualTo(envelope);
    }

    @Test
    void refusesAnEventWrittenOnAnotherTopicThanItsOwn() {
        var stray = EventEnvelope.of("/test", SampleEvents.all().stream()
                .filter(StockReplenished.class::isInstance).findFirst().orElseThrow());
        var record = CloudEventRecords.toRecord(stray);

        assertThatThrownBy(() -> CloudEventRecords.read("orders", record.headers(), record.value()))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("does not belong on topic orders");
    }

    @Test
    void skipsATypeTheContractDoesNotKnowYetWithoutReadingItsValue() {
        var headers = withType(placedRecord().headers(), NEXT_VERSION);

        var read = CloudEventRecords.read("orders", headers, NEXT_VERSION_VALUE, Set.of(OrderPlaced.class, OrderCancelled.class));

        assertThat(read).isEmpty();
    }

    @Test
    void aTypeTheContractDoesNotKnowIsMalformedToAReaderOfEveryType() {
        var headers = withType(placedRecord().headers(), NEXT_VERSION);

        assertThatThrownBy(() -> CloudEventRecords.read("orders", headers, NEXT_VERSION_VALUE))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining(NEXT_VERSION);
    }

    @Test
    void aRecordOfAnUnknownTypeWithABrokenHeaderIsStillMalformed() {
        var headers = withType(placedRecord().headers(), NEXT_VERSION);
        headers.remove(CloudEventHeaders.TIME).add(CloudEventHeaders.TIME, "yesterday".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> CloudEventRecords.read("orders", headers, NEXT_VERSION_VALUE, Set.of(OrderPlaced.class)))
                .isInstanceOf(MalformedEventException.class);
    }

    @Test
    void aRecordOfAnUnknownTypeWithoutAnIdIsStillMalformed() {
        var headers = withType(placedRecord().headers(), NEXT_VERSION);
        headers.remove(CloudEventHeaders.ID);

        assertThatThrownBy(() -> CloudEventRecords.read("orders", headers, NEXT_VERSION_VALUE, Set.of(OrderPlaced.class)))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining(CloudEventHeaders.ID);
    }

    @Test
    void aWantedTypeWhoseValueIsNotThatEventIsMalformed() {
        var headers = placedRecord().headers();

        assertThatThrownBy(() -> CloudEventRecords.read("orders", headers, NEXT_VERSION_VALUE, Set.of(OrderPlaced.class)))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("food.order.placed.v1");
    }

    private static ProducerRecord<String, byte[]> placedRecord() {
        return CloudEventRecords.toRecord(EventEnvelope.of("/test", SampleEvents.all().getFirst()));
    }

    private static Headers withType(Headers headers, String type) {
        return headers.remove(CloudEventHeaders.TYPE).add(CloudEventHeaders.TYPE, type.getBytes(StandardCharsets.UTF_8));
    }
}
