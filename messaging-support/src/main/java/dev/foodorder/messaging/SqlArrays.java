package dev.foodorder.messaging;

import org.springframework.jdbc.core.SqlTypeValue;
import org.springframework.jdbc.core.support.AbstractSqlTypeValue;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.function.Function;

/**
 * A collection as one SQL array parameter, so that a statement handles a whole batch of rows:
 * {@code WHERE id = ANY (?)}, {@code INSERT ... SELECT * FROM unnest(?, ?, ?)}. One statement and
 * one round trip for the batch, whatever its size.
 */
public final class SqlArrays {

    private SqlArrays() {
    }

    /** One column of the rows, as one array parameter: {@code SqlArrays.of("uuid", orders, Order::id)}. */
    public static <T> SqlTypeValue of(String type, Collection<T> rows, Function<? super T, ?> column) {
        return of(type, rows.stream().map(column).toList());
    }

    /**
     * @param type the PostgreSQL type of the elements: {@code uuid}, {@code text}, {@code int4}, {@code timestamptz}...
     *             The driver sends the elements as text: an {@code Instant} as ISO 8601 in UTC, which
     *             PostgreSQL reads as the same instant whatever the session's time zone.
     */
    public static SqlTypeValue of(String type, Collection<?> values) {
        var elements = values.toArray();
        return new AbstractSqlTypeValue() {
            @Override
            protected Object createTypeValue(Connection connection, int sqlType, String typeName) throws SQLException {
                return connection.createArrayOf(type, elements);
            }
        };
    }
}
