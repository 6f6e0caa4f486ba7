package dev.foodorder.analytics.figures;

import dev.foodorder.events.order.OrderPlaced;

import java.math.BigDecimal;

/** What one menu item sold in one minute, in one currency, as far as one partition saw it. */
record ItemSales(String sku, String name, String currency, int quantity, BigDecimal revenue) {

    static ItemSales of(OrderPlaced.Line line, String currency) {
        return new ItemSales(line.sku(), line.name(), currency, line.quantity(),
                line.unitPrice().multiply(BigDecimal.valueOf(line.quantity())));
    }

    /** The store's key: an item's sales in two currencies are two items, which cannot be added up. */
    String key() {
        return sku + "|" + currency;
    }

    ItemSales plus(ItemSales other) {
        return new ItemSales(sku, other.name, currency, quantity + other.quantity, revenue.add(other.revenue));
    }

    ItemSales negated() {
        return new ItemSales(sku, name, currency, -quantity, revenue.negate());
    }
}
