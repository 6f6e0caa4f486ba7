package dev.foodorder.analytics;

import dev.foodorder.analytics.figures.FiguresProperties;
import dev.foodorder.analytics.figures.FiguresTopology;
import dev.foodorder.analytics.flagging.FlaggingProperties;
import dev.foodorder.analytics.flagging.FlaggingTopology;
import dev.foodorder.analytics.streams.EventEnvelopeSerde;
import dev.foodorder.analytics.streams.EventStreams;
import dev.foodorder.analytics.streams.LateEvents;
import dev.foodorder.analytics.streams.SkippedRecords;
import dev.foodorder.analytics.streams.StateRetention;
import dev.foodorder.analytics.timeline.TimelineTopology;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.streams.StreamsBuilder;

/**
 * The whole read side as one Kafka Streams topology, built without Spring: the application builds it on
 * Spring Kafka's {@code StreamsBuilder}, the tests on their own for {@code TopologyTestDriver}, from this
 * same code. The two source topics are read once, and each feature builds on those streams.
 */
public record AnalyticsTopology(FiguresProperties figures, FlaggingProperties flagging, StateRetention retention,
                                MeterRegistry meters) {

    public void addTo(StreamsBuilder builder) {
        var skipped = new SkippedRecords(meters);
        var late = new LateEvents(meters);
        var events = EventStreams.readFrom(builder, skipped);
        FiguresTopology.addTo(events.orders(), figures, retention, late);
        TimelineTopology.addTo(events.orders(), events.inventory(), retention);
        FlaggingTopology.addTo(events.orders(), flagging, retention, late, new EventEnvelopeSerde(skipped));
    }
}
