package dev.foodorder.analytics.streams;

import dev.foodorder.events.EventEnvelope;
import dev.foodorder.events.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;

/**
 * The two topics the read side consumes, each read once (a topology may subscribe to a topic only
 * once) and shared by every feature: records by event time, the unreadable ones left out.
 *
 * @param orders    the order lifecycle, keyed by order id
 * @param inventory reservations keyed by order id, stock levels keyed by sku
 */
public record EventStreams(KStream<String, EventEnvelope> orders, KStream<String, EventEnvelope> inventory) {

    public static EventStreams readFrom(StreamsBuilder builder, SkippedRecords skipped) {
        var serde = new EventEnvelopeSerde(skipped);
        return new EventStreams(source(builder, Topics.ORDERS, serde), source(builder, Topics.INVENTORY, serde));
    }

    private static KStream<String, EventEnvelope> source(StreamsBuilder builder, String topic, EventEnvelopeSerde serde) {
        var consumed = Consumed.with(Serdes.String(), serde)
                .withTimestampExtractor(new EventTimeExtractor())
                .withName(topic + "-source");
        return builder.stream(topic, consumed)
                .filter((key, envelope) -> envelope != null, Named.as(topic + "-readable"));
    }
}
