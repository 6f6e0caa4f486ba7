package dev.foodorder.analytics.streams;

import dev.foodorder.events.CloudEventHeaders;
import dev.foodorder.events.EventCodec;
import dev.foodorder.events.EventEnvelope;
import dev.foodorder.events.Topics;
import dev.foodorder.events.customer.CustomerEventsMother;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.stream.StreamSupport;

import static dev.foodorder.events.order.OrderEventsMother.anOrder;
import static org.assertj.core.api.Assertions.assertThat;

class EventEnvelopeSerdeTest {

    private final EventEnvelopeSerde serde = new EventEnvelopeSerde(new SkippedRecords(new SimpleMeterRegistry()));

    @Test
    void aWrittenEventCarriesItsOwnAttributesAndNoneOfThoseTheRecordInherited() {
        var inherited = new RecordHeaders();
        EventEnvelope.of("/order-service", anOrder().placed()).headers()
                .forEach((name, value) -> inherited.add(name, value.getBytes(StandardCharsets.UTF_8)));
        inherited.add(CloudEventHeaders.TRACEPARENT, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01".getBytes(StandardCharsets.UTF_8));
        var flagged = EventEnvelope.of("/analytics-service", CustomerEventsMother.aCustomer().flagged());

        var value = serde.serializer().serialize(Topics.CUSTOMERS, inherited, flagged);

        assertThat(StreamSupport.stream(inherited.spliterator(), false).map(Header::key))
                .containsExactlyInAnyOrderElementsOf(flagged.headers().keySet());
        assertThat(serde.deserializer().deserialize(Topics.CUSTOMERS, inherited, value)).isEqualTo(flagged);
        assertThat(value).isEqualTo(EventCodec.toJson(flagged.data()));
    }
}
