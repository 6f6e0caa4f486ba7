package dev.foodorder.analytics.flagging;

import dev.foodorder.analytics.streams.ExpiringStore;
import dev.foodorder.analytics.streams.LateEvents;
import dev.foodorder.analytics.streams.StateRetention;
import dev.foodorder.events.EventEnvelope;
import dev.foodorder.events.EventType;
import dev.foodorder.events.customer.CustomerFlagged;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * Applies the flagging rule to each customer's orders, in the partition of the customer, and publishes
 * CustomerFlagged once per burst.
 */
final class FlaggingProcessor implements Processor<String, Placement, String, EventEnvelope> {

    static final String SOURCE = "/analytics-service";

    private final FlaggingProperties rule;
    private final StateRetention retention;
    private final LateEvents late;

    private ProcessorContext<String, EventEnvelope> context;
    private ExpiringStore<CustomerActivity> activities;
    private ExpiringStore<CustomerFlagged> flags;

    FlaggingProcessor(FlaggingProperties rule, StateRetention retention, LateEvents late) {
        this.rule = rule;
        this.retention = retention;
        this.late = late;
    }

    @Override
    public void init(ProcessorContext<String, EventEnvelope> context) {
        this.context = context;
        // A customer's orders matter only while one still to come (within the grace) could share their window.
        activities = ExpiringStore.of(context, FlaggingTopology.ACTIVITY,
                activity -> activity.touchedAt().plus(rule.within()).plus(rule.grace()), retention.purgeInterval());
        flags = ExpiringStore.of(context, FlaggingTopology.FLAGGED,
                flagged -> flagged.flaggedAt().plus(retention.retention()), retention.purgeInterval());
        context.schedule(retention.purgeInterval(), PunctuationType.STREAM_TIME, now -> {
            activities.purge(now);
            flags.purge(now);
        });
    }

    @Override
    public void process(Record<String, Placement> record) {
        var placement = record.value();
        var streamTime = Instant.ofEpochMilli(context.currentStreamTimeMs());
        if (placement.placedAt().isBefore(streamTime.minus(rule.grace()))) {
            late.count("flagging");
            return;
        }
        var customer = placement.customerId();
        var stored = activities.get(customer);
        var activity = stored == null ? CustomerActivity.NONE : stored;
        if (activity.has(placement.orderId())) {
            // The outbox publishes at least once: a redelivered order is not one more order.
            return;
        }
        var placed = new CustomerActivity.PlacedOrder(placement.orderId(), placement.placedAt());
        var updated = activity.with(placed, streamTime.minus(rule.grace()).minus(rule.within()));
        if (activity.inFlaggedBurst(placement.placedAt(), rule.within())) {
            updated = updated.extendBurst(placement.placedAt());
        } else {
            var burst = updated.firstBurst(rule.maxOrders(), rule.within());
            if (burst.isPresent()) {
                flag(placement, burst.get());
                updated = updated.flagged();
            }
        }
        activities.put(customer, updated.touched(streamTime));
    }

    private void flag(Placement placement, CustomerActivity.Burst burst) {
        var flagged = new CustomerFlagged(placement.customerId(), placement.customerEmail(), burst.orders(),
                (int) rule.within().toSeconds(), burst.firstPlacedAt(), burst.flaggedAt());
        flags.put(flagged.customerId(), flagged);
        var envelope = new EventEnvelope(eventId(flagged), SOURCE, flagged.flaggedAt(), flagged);
        // New headers: the record would otherwise carry the OrderPlaced's, its type and trace among them.
        context.forward(new Record<>(flagged.customerId(), envelope, flagged.flaggedAt().toEpochMilli(), new RecordHeaders()));
    }

    /**
     * A name-based id: replaying the same orders flags the same customer at the same moment, and writes
     * the same {@code ce_id}, so consumers that de-duplicate by it see the flag once.
     */
    static UUID eventId(CustomerFlagged flagged) {
        var name = EventType.CUSTOMER_FLAGGED.type() + "/" + flagged.customerId() + "/" + flagged.flaggedAt();
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }
}
