package dev.foodorder.analytics.timeline;

import dev.foodorder.analytics.streams.ExpiringStore;
import dev.foodorder.analytics.streams.OrderStatus;
import dev.foodorder.analytics.streams.StateRetention;
import dev.foodorder.events.EventEnvelope;
import dev.foodorder.events.OrderId;
import dev.foodorder.events.inventory.ReservationEvent;
import dev.foodorder.events.order.OrderEvent;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import java.time.Instant;

/** Adds each event of an order to its timeline, with the topic, partition and offset it was read from. */
final class TimelineProcessor implements Processor<String, EventEnvelope, Void, Void> {

    private final StateRetention retention;

    private ProcessorContext<Void, Void> context;
    private ExpiringStore<Timeline> timelines;

    TimelineProcessor(StateRetention retention) {
        this.retention = retention;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        timelines = ExpiringStore.of(context, TimelineTopology.TIMELINES,
                timeline -> timeline.touchedAt().plus(retention.retention()), retention.purgeInterval());
        context.schedule(retention.purgeInterval(), PunctuationType.STREAM_TIME, timelines::purge);
    }

    @Override
    public void process(Record<String, EventEnvelope> record) {
        var envelope = record.value();
        var orderId = orderOf(envelope);
        if (orderId == null) {
            return;
        }
        var key = orderId.toString();
        var timeline = timelines.get(key);
        var known = timeline == null ? Timeline.EMPTY : timeline;
        if (known.has(envelope.id())) {
            // The outbox publishes at least once: the same event again is no new step of the order.
            return;
        }
        var read = context.recordMetadata().orElseThrow();
        var entry = new TimelineEntry(envelope.id(), envelope.type().type(), read.topic(), read.partition(), read.offset(),
                envelope.time(), envelope.source());
        timelines.put(key, known.with(entry, statusAfter(known.status(), envelope), Instant.ofEpochMilli(context.currentStreamTimeMs())));
    }

    private static OrderId orderOf(EventEnvelope envelope) {
        return switch (envelope.data()) {
            case OrderEvent event -> event.orderId();
            case ReservationEvent event -> event.orderId();
            default -> null;
        };
    }

    private static OrderStatus statusAfter(OrderStatus current, EventEnvelope envelope) {
        if (envelope.data() instanceof OrderEvent event && OrderStatus.moves(current, OrderStatus.after(event))) {
            return OrderStatus.after(event);
        }
        return current;
    }
}
