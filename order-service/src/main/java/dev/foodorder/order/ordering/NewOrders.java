package dev.foodorder.order.ordering;

import dev.foodorder.messaging.SqlArrays;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * Writes new orders, however many, with one statement per table: the orders, their lines, their
 * history ({@link OrderHistory}). What {@link OrderIntake} commits for the requests that arrived
 * together. The columns are those the entity {@link Order} maps, which reads these rows back.
 */
@Repository
class NewOrders {

    private final JdbcClient jdbc;
    private final OrderHistory history;

    NewOrders(JdbcClient jdbc, OrderHistory history) {
        this.jdbc = jdbc;
        this.history = history;
    }

    void insert(List<Order> orders) {
        insertOrders(orders);
        insertLines(orders);
        history.append(rows(orders, Order::history).stream()
                .map(entry -> new OrderHistory.Row(entry.orderId(), entry.position(), entry.value()))
                .toList());
    }

    /** Version 0, as the entity's first save would have written it. */
    private void insertOrders(List<Order> orders) {
        jdbc.sql("""
                        INSERT INTO orders (id, customer_id, customer_email, note, status, total, currency, placed_at, updated_at, version)
                        SELECT o.id, o.customer_id, o.customer_email, o.note, o.status, o.total, o.currency, o.placed_at, o.updated_at, 0
                        FROM unnest(?, ?, ?, ?, ?, ?, ?, ?, ?)
                            AS o (id, customer_id, customer_email, note, status, total, currency, placed_at, updated_at)
                        """)
                .params(SqlArrays.of("uuid", orders, order -> order.id().value()),
                        SqlArrays.of("text", orders, Order::customerId),
                        SqlArrays.of("text", orders, Order::customerEmail),
                        SqlArrays.of("text", orders, Order::note),
                        SqlArrays.of("text", orders, order -> order.status().name()),
                        SqlArrays.of("numeric", orders, Order::total),
                        SqlArrays.of("text", orders, Order::currency),
                        SqlArrays.of("timestamptz", orders, Order::placedAt),
                        SqlArrays.of("timestamptz", orders, Order::updatedAt))
                .update();
    }

    private void insertLines(List<Order> orders) {
        var lines = rows(orders, Order::lines);
        jdbc.sql("""
                        INSERT INTO order_line (order_id, line_no, sku, name, quantity, unit_price)
                        SELECT * FROM unnest(?, ?, ?, ?, ?, ?)
                        """)
                .params(SqlArrays.of("uuid", lines, Row::orderId),
                        SqlArrays.of("int4", lines, Row::position),
                        SqlArrays.of("text", lines, line -> line.value().sku()),
                        SqlArrays.of("text", lines, line -> line.value().name()),
                        SqlArrays.of("int4", lines, line -> line.value().quantity()),
                        SqlArrays.of("numeric", lines, line -> line.value().unitPrice()))
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

}
