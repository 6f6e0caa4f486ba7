package dev.foodorder.events.inventory;

import dev.foodorder.events.IntegrationEvent;

/**
 * The events of topic {@code inventory}: answers to orders (keyed by order id) and changes in
 * stock levels (keyed by sku).
 */
public sealed interface InventoryEvent extends IntegrationEvent
        permits ReservationEvent, StockLevelEvent {
}
