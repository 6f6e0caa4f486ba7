package dev.foodorder.events.inventory;

import java.time.Instant;

import static dev.foodorder.events.Require.notNegative;
import static dev.foodorder.events.Require.present;
import static dev.foodorder.events.Require.text;

/** Available stock of a sku fell below its threshold: time to restock. */
public record StockLevelLow(String sku, int available, int threshold, Instant detectedAt)
        implements StockLevelEvent {

    public StockLevelLow {
        text(sku, "sku");
        notNegative(available, "available");
        notNegative(threshold, "threshold");
        present(detectedAt, "detectedAt");
    }

    @Override
    public Instant occurredAt() {
        return detectedAt;
    }
}
