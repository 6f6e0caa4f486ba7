package dev.foodorder.order.ordering;

import dev.foodorder.messaging.SqlArrays;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * Writes new orders, however many, with one statement per table: the orders, their lines, their
 * history. What {@link OrderIntake} commits for the requests that arrived together. The columns are
 * those the entity {@link Order} maps, which reads these rows back.
 */
@Repository
class NewOrders {

    private final JdbcClient jdbc;

    NewOrders(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(List<Order> orders) {
        insertOrders(orders);
        insertLines(orders);
        insertHistory(orders);
    }

    /** Version 0, as the entity's first save would have written it. */
    private void insertOrders(List<Order> orders) {
        jdbc.sql("""
                        INSERT INTO orders (id, customer_id, customer_email, note, status, total, currency, placed_at, updated_at, version)
                        SELECT o.id, o.customer_id, o.customer_email, o.note, o.status, o.total, o.currency, o.placed_at, o.updated_at, 0
                        FROM unnest(?, ?, ?, ?, ?, ?, ?, ?, ?)
                            AS o (id, customer_id, customer_email, note, status, total, currency, placed_at, updated_at)
                        """)
                .params(column(orders, "uuid", order -> order.id().value()),
                        column(orders, "text", Order::customerId),
                        column(orders, "text", Order::customerEmail),
                        column(orders, "text", Order::note),
                        column(orders, "text", order -> order.status().name()),
                        column(orders, "numeric", Order::total),
                        column(orders, "text", Order::currency),
                        column(orders, "timestamptz", order -> timestamp(order.placedAt())),
                        column(orders, "timestamptz", order -> timestamp(order.updatedAt())))
                .update();
    }

    private void insertLines(List<Order> orders) {
        var lines = rows(orders, Order::lines);
        jdbc.sql("""
                        INSERT INTO order_line (order_id, line_no, sku, name, quantity, unit_price)
                        SELECT * FROM unnest(?, ?, ?, ?, ?, ?)
                        """)
                .params(column(lines, "uuid", Row::orderId),
                        column(lines, "int4", Row::position),
                        column(lines, "text", line -> line.value().sku()),
                        column(lines, "text", line -> line.value().name()),
                        column(lines, "int4", line -> line.value().quantity()),
                        column(lines, "numeric", line -> line.value().unitPrice()))
                .update();
    }

    private void insertHistory(List<Order> orders) {
        var history = rows(orders, Order::history);
        jdbc.sql("""
                        INSERT INTO order_history (order_id, seq, recorded_at, direction, event_type, event_id)
                        SELECT * FROM unnest(?, ?, ?, ?, ?, ?)
                        """)
                .params(column(history, "uuid", Row::orderId),
                        column(history, "int4", Row::position),
                        column(history, "timestamptz", entry -> timestamp(entry.value().at())),
                        column(history, "text", entry -> entry.value().direction().name()),
                        column(history, "text", entry -> entry.value().type()),
                        column(history, "uuid", entry -> entry.value().eventId()))
                .update();
    }

    /** An element of an order's list, with its place in it: the {@code @OrderColumn} the entity reads it back by. */
    private record Row<T>(UUID orderId, int position, T value) {
    }

    private static <T> List<Row<T>> rows(List<Order> orders, Function<Order, List<T>> list) {
        var rows = new ArrayList<Row<T>>();
        for (var order : orders) {
            var values = list.apply(order);
            for (int i = 0; i < values.size(); i++) {
                rows.add(new Row<>(order.id().value(), i, values.get(i)));
            }
        }
        return rows;
    }

    private static <T> Object column(List<T> rows, String type, Function<T, ?> value) {
        return SqlArrays.of(type, rows.stream().map(value).toList());
    }

    /** ISO 8601 with its zone, which PostgreSQL reads as the same instant whatever the session's time zone. */
    private static String timestamp(Instant instant) {
        return instant.toString();
    }
}
