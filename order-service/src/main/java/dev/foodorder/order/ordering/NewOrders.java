package dev.foodorder.order.ordering;

import dev.foodorder.messaging.SqlArrays;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Writes new orders, however many, with one statement: the orders, their lines and their history
 * ({@link OrderHistory}), each table from arrays of its columns. What {@link OrderIntake} commits
 * for the requests that arrived together. The lines' and the history's references to their order
 * are checked at the end of the statement, once the orders are in. The columns are those the
 * entity {@link Order} maps, which reads these rows back.
 */
@Repository
class NewOrders {

    /** Version 0, as the entity's first save would have written it. */
    private static final String INSERT = """
            WITH new_order AS (
                INSERT INTO orders (id, customer_id, customer_email, note, status, total, currency, placed_at, updated_at, version)
                SELECT o.id, o.customer_id, o.customer_email, o.note, o.status, o.total, o.currency, o.placed_at, o.updated_at, 0
                FROM unnest(?, ?, ?, ?, ?, ?, ?, ?, ?)
                    AS o (id, customer_id, customer_email, note, status, total, currency, placed_at, updated_at)
            ), new_line AS (
                INSERT INTO order_line (order_id, line_no, sku, name, quantity, unit_price)
                SELECT * FROM unnest(?, ?, ?, ?, ?, ?)
            )
            """ + OrderHistory.INSERT;

    private final JdbcClient jdbc;

    NewOrders(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(List<Order> orders) {
        var history = rows(orders, Order::history).stream()
                .map(entry -> new OrderHistory.Row(entry.orderId(), entry.position(), entry.value()))
                .toList();
        jdbc.sql(INSERT)
                .params(Stream.of(orderColumns(orders), lineColumns(rows(orders, Order::lines)), OrderHistory.columns(history))
                        .flatMap(List::stream)
                        .toList())
                .update();
    }

    private static List<Object> orderColumns(List<Order> orders) {
        return List.of(SqlArrays.of("uuid", orders, order -> order.id().value()),
                SqlArrays.of("text", orders, Order::customerId),
                SqlArrays.of("text", orders, Order::customerEmail),
                SqlArrays.of("text", orders, Order::note),
                SqlArrays.of("text", orders, order -> order.status().name()),
                SqlArrays.of("numeric", orders, Order::total),
                SqlArrays.of("text", orders, Order::currency),
                SqlArrays.of("timestamptz", orders, Order::placedAt),
                SqlArrays.of("timestamptz", orders, Order::updatedAt));
    }

    private static List<Object> lineColumns(List<Row<OrderLine>> lines) {
        return List.of(SqlArrays.of("uuid", lines, Row::orderId),
                SqlArrays.of("int4", lines, Row::position),
                SqlArrays.of("text", lines, line -> line.value().sku()),
                SqlArrays.of("text", lines, line -> line.value().name()),
                SqlArrays.of("int4", lines, line -> line.value().quantity()),
                SqlArrays.of("numeric", lines, line -> line.value().unitPrice()));
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
