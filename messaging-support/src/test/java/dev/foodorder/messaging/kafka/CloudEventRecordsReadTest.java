package dev.foodorder.messaging.kafka;

import dev.foodorder.events.EventEnvelope;
import dev.foodorder.events.MalformedEventException;
import dev.foodorder.events.SampleEvents;
import dev.foodorder.events.inventory.StockReplenished;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CloudEventRecordsReadTest {

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
}
