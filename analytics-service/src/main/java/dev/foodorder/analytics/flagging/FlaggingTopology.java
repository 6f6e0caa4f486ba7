package dev.foodorder.analytics.flagging;

import dev.foodorder.analytics.streams.EventEnvelopeSerde;
import dev.foodorder.analytics.streams.ExpiringStore;
import dev.foodorder.analytics.streams.JsonSerde;
import dev.foodorder.analytics.streams.LateEvents;
import dev.foodorder.analytics.streams.StateRetention;
import dev.foodorder.events.EventEnvelope;
import dev.foodorder.events.Topics;
import dev.foodorder.events.customer.CustomerFlagged;
import dev.foodorder.events.order.OrderPlaced;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;

import java.util.HashSet;
import java.util.Set;

/**
 * The flagging part of the topology. A customer's orders are spread over the partitions of {@code orders}
 * (keyed by order id), so the placements are re-keyed by customer through a repartition topic, small
 * records of what the rule needs, and the rule runs where all of one customer's orders meet. The flags
 * go to topic {@code customers} as CloudEvents, keyed by customer id.
 *
 * <p>Both stores are in RocksDB: one entry per customer active in the last seconds, one per customer
 * flagged in the last day, both growing with the number of customers.
 */
public final class FlaggingTopology {

    static final String ACTIVITY = "flagging-activity";
    static final String FLAGGED = "flagged-customers";

    private FlaggingTopology() {
    }

    public static void addTo(KStream<String, EventEnvelope> orders, FlaggingProperties rule, StateRetention retention,
                             LateEvents late, EventEnvelopeSerde events) {
        orders.filter((orderId, envelope) -> envelope.data() instanceof OrderPlaced, Named.as("placements"))
                .map((orderId, envelope) -> placementOf((OrderPlaced) envelope.data()), Named.as("placements-by-customer"))
                .repartition(Repartitioned.with(Serdes.String(), JsonSerde.of(Placement.class)).withName("flagging-placements"))
                .process(new Supplier(rule, retention, late), Named.as("flagging"))
                .to(Topics.CUSTOMERS, Produced.with(Serdes.String(), events).withName("customers-sink"));
    }

    private static KeyValue<String, Placement> placementOf(OrderPlaced placed) {
        return KeyValue.pair(placed.customerId(),
                new Placement(placed.orderId().toString(), placed.customerId(), placed.customerEmail(), placed.placedAt()));
    }

    private record Supplier(FlaggingProperties rule, StateRetention retention, LateEvents late)
            implements ProcessorSupplier<String, Placement, String, EventEnvelope> {

        @Override
        public Processor<String, Placement, String, EventEnvelope> get() {
            return new FlaggingProcessor(rule, retention, late);
        }

        @Override
        public Set<StoreBuilder<?>> stores() {
            var stores = new HashSet<StoreBuilder<?>>(ExpiringStore.builders(ACTIVITY, JsonSerde.of(CustomerActivity.class)));
            stores.addAll(ExpiringStore.builders(FLAGGED, JsonSerde.of(CustomerFlagged.class)));
            return stores;
        }
    }
}
