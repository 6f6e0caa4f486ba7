package dev.foodorder.events.inventory;

import java.time.Instant;

import static dev.foodorder.events.Require.notNegative;
import static dev.foodorder.events.Require.positive;
import static dev.foodorder.events.Require.present;
import static dev.foodorder.events.Require.text;

/** Stock of a sku was added. */
public record StockReplenished(String sku, int quantityAdded, int available, Instant replenishedAt)
        implements StockLevelEvent {

    public StockReplenished {
        text(sku, "sku");
        positive(quantityAdded, "quantityAdded");
        notNegative(available, "available");
        present(replenishedAt, "replenishedAt");
    }

    @Override
    public Instant occurredAt() {
        return replenishedAt;
    }
}
