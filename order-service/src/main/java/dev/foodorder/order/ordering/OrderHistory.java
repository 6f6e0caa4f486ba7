package dev.foodorder.order.ordering;

import dev.foodorder.messaging.SqlArrays;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.util.List;
import java.util.UUID;

/**
 * Appends to orders' histories without the entity, any number of entries with one statement: for
 * new orders ({@link NewOrders}) and for the inventory's answers ({@link InventoryVerdicts}). The
 * entity {@link Order} reads the rows back, ordered by {@code seq}.
 */
@Repository
class OrderHistory {

    private final JdbcClient jdbc;

    OrderHistory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** An entry at its place in its order's history: the entity's {@code @OrderColumn}, numbered from 0 without gaps. */
    record Row(UUID orderId, int seq, HistoryEntry entry) {
    }

    void append(List<Row> rows) {
        if (rows.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        INSERT INTO order_history (order_id, seq, recorded_at, direction, event_type, event_id)
                        SELECT * FROM unnest(?, ?, ?, ?, ?, ?)
                        """)
                .params(SqlArrays.of("uuid", rows, Row::orderId),
                        SqlArrays.of("int4", rows, Row::seq),
                        SqlArrays.of("timestamptz", rows, row -> row.entry().at()),
                        SqlArrays.of("text", rows, row -> row.entry().direction().name()),
                        SqlArrays.of("text", rows, row -> row.entry().type()),
                        SqlArrays.of("uuid", rows, row -> row.entry().eventId()))
                .update();
    }

}
