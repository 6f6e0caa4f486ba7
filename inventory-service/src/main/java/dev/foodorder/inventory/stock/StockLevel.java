package dev.foodorder.inventory.stock;

import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;

/** The stock of one sku as the API shows it. */
record StockLevel(
        @Schema(example = "margherita") String sku,
        @Schema(example = "Pizza Margherita") String name,
        @Schema(description = "Units in the kitchen", example = "100") int onHand,
        @Schema(description = "Units held for orders", example = "4") int reserved,
        @Schema(description = "Units that new orders can have: onHand - reserved", example = "96") int available,
        @Schema(description = "Below this many available units the sku is low", example = "10") int threshold,
        @Schema(description = "Whether available is below threshold") boolean low,
        Instant updatedAt) {

    static StockLevel of(Stock stock) {
        return new StockLevel(stock.sku(), stock.name(), stock.onHand(), stock.reserved(), stock.available(),
                stock.threshold(), stock.isLow(), stock.updatedAt());
    }
}
