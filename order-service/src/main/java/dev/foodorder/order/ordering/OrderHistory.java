package dev.foodorder.order.ordering;

import dev.foodorder.messaging.SqlArrays;

import java.util.List;
import java.util.UUID;

/**
 * Appends to orders' histories without the entity, any number of entries at once: for new orders
 * ({@link NewOrders}), for the inventory's answers ({@link InventoryVerdicts}) and for expired orders
 * ({@link OrderDeadlines}). The first two end their own statement with this insert, so that all the
 * rows a batch of orders gains travel to the database in one round trip. The entity {@link Order}
 * reads the rows back, ordered by {@code seq}.
 */
final class OrderHistory {

    /** The entries of {@link #columns}, as the last part of a statement (after its {@code WITH} clauses). */
    static final String INSERT = """
            INSERT INTO order_history (order_id, seq, recorded_at, direction, event_type, event_id)
            SELECT * FROM unnest(?, ?, ?, ?, ?, ?)
            """;

    private OrderHistory() {
    }

    /** An entry at its place in its order's history: the entity's {@code @OrderColumn}, numbered from 0 without gaps. */
    record Row(UUID orderId, int seq, HistoryEntry entry) {
    }

    /** The parameters of {@link #INSERT}: one array per column. */
    static List<Object> columns(List<Row> rows) {
        return List.of(SqlArrays.of("uuid", rows, Row::orderId),
                SqlArrays.of("int4", rows, Row::seq),
                SqlArrays.of("timestamptz", rows, row -> row.entry().at()),
                SqlArrays.of("text", rows, row -> row.entry().direction().name()),
                SqlArrays.of("text", rows, row -> row.entry().type()),
                SqlArrays.of("uuid", rows, row -> row.entry().eventId()));
    }
}
