package dev.foodorder.events.inventory;

/** Changes in the stock of one sku, keyed by sku, for the operators. */
public sealed interface StockLevelEvent extends InventoryEvent
        permits StockLevelLow, StockReplenished {

    String sku();

    @Override
    default String key() {
        return sku();
    }
}
