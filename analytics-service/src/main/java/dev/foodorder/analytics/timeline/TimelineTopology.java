package dev.foodorder.analytics.timeline;

import dev.foodorder.analytics.streams.ExpiringStore;
import dev.foodorder.analytics.streams.JsonSerde;
import dev.foodorder.analytics.streams.StateRetention;
import dev.foodorder.events.EventEnvelope;
import dev.foodorder.events.inventory.ReservationEvent;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;

import java.util.Set;

/**
 * The timelines' part of the topology: the order events and the inventory's answers about orders,
 * merged without re-keying. Both topics are keyed by order id and have as many partitions, so an
 * order's events from both land in the same partition number, and so in the same task and store.
 * The inventory's stock-level events, keyed by sku, are about no order.
 */
public final class TimelineTopology {

    static final String TIMELINES = "order-timelines";

    private TimelineTopology() {
    }

    public static void addTo(KStream<String, EventEnvelope> orders, KStream<String, EventEnvelope> inventory,
                             StateRetention retention) {
        var reservations = inventory.filter((key, envelope) -> envelope.data() instanceof ReservationEvent,
                Named.as("reservation-events"));
        orders.merge(reservations, Named.as("order-and-reservation-events"))
                .process(new Supplier(retention), Named.as("timelines"));
    }

    private record Supplier(StateRetention retention) implements ProcessorSupplier<String, EventEnvelope, Void, Void> {

        @Override
        public Processor<String, EventEnvelope, Void, Void> get() {
            return new TimelineProcessor(retention);
        }

        @Override
        public Set<StoreBuilder<?>> stores() {
            return ExpiringStore.builders(TIMELINES, JsonSerde.of(Timeline.class));
        }
    }
}
