package dev.foodorder.events;

import java.time.Instant;

/**
 * An event that crosses a service boundary. Each topic's events form a sealed interface
 * ({@link dev.foodorder.events.order.OrderEvent}, {@link dev.foodorder.events.inventory.InventoryEvent},
 * {@link dev.foodorder.events.customer.CustomerEvent}), so a consumer's {@code switch} over them is
 * checked by the compiler.
 */
public interface IntegrationEvent {

    /** The Kafka record key: events with the same key share a partition and keep their order. */
    String key();

    /** When the fact happened, in the producer's clock; travels as {@code ce_time}. */
    Instant occurredAt();

    /** What the event is about; travels as {@code ce_subject}. */
    default String subject() {
        return key();
    }
}
