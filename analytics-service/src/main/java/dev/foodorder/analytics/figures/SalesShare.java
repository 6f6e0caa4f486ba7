package dev.foodorder.analytics.figures;

import java.util.HashMap;
import java.util.Map;

/**
 * What some partitions hold of the sales of the last hour: every item's, not only the best sellers', since an
 * item's sales are spread over the partitions of the orders that bought it.
 *
 * @param byItem by {@link ItemSales#key()}
 */
record SalesShare(Map<String, ItemSales> byItem) {

    static final SalesShare NONE = new SalesShare(Map.of());

    SalesShare plus(SalesShare other) {
        var added = new HashMap<>(byItem);
        other.byItem.forEach((item, sales) -> added.merge(item, sales, ItemSales::plus));
        return new SalesShare(added);
    }
}
