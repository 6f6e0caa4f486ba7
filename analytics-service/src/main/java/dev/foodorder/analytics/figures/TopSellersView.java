package dev.foodorder.analytics.figures;

import io.swagger.v3.oas.annotations.media.Schema;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * The menu items that brought in most in the last hour.
 *
 * @param since the start of the first minute counted
 * @param items by revenue, highest first
 */
@Schema(name = "TopSellers")
record TopSellersView(Instant since, List<Item> items) {

    /** The items that brought in most, from the sales of every partition added up. */
    static TopSellersView of(Instant since, SalesShare sales, int limit) {
        var items = sales.byItem().values().stream()
                .filter(sold -> sold.quantity() > 0)
                .sorted(Comparator.comparing(ItemSales::revenue).reversed().thenComparing(ItemSales::sku))
                .limit(limit)
                .map(sold -> new Item(sold.sku(), sold.name(), sold.quantity(), sold.revenue(), sold.currency()))
                .toList();
        return new TopSellersView(since, items);
    }

    /**
     * What one item sold in confirmed orders that were not cancelled since.
     *
     * @param revenue the lines' prices as the orders were placed
     */
    @Schema(name = "TopSeller")
    record Item(String sku, String name, int quantity, BigDecimal revenue, String currency) {
    }
}
