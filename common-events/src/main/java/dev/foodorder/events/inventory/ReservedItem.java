package dev.foodorder.events.inventory;

import static dev.foodorder.events.Require.positive;
import static dev.foodorder.events.Require.text;

/** A quantity of one sku held for an order. */
public record ReservedItem(String sku, int quantity) {

    public ReservedItem {
        text(sku, "sku");
        positive(quantity, "quantity");
    }
}
