package dev.foodorder.inventory;

import dev.foodorder.events.OrderId;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.UUID;

/**
 * The inventory's database as a test sees it: skus of the test's own (so events of other test
 * classes on the shared topics cannot touch them), and the rows that prove what happened. What was
 * published is on the topic ({@link Published}).
 */
public final class Shelf {

    private final JdbcTemplate jdbc;

    public Shelf(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A new sku with the given stock and nothing reserved. */
    public String stock(int onHand, int threshold) {
        var sku = "test-" + UUID.randomUUID().toString().substring(0, 8);
        jdbc.update("INSERT INTO stock (sku, name, on_hand, threshold) VALUES (?, ?, ?, ?)",
                sku, "Test dish " + sku, onHand, threshold);
        return sku;
    }

    public Level level(String sku) {
        return jdbc.queryForObject("SELECT on_hand, reserved FROM stock WHERE sku = ?",
                (rs, row) -> new Level(rs.getInt("on_hand"), rs.getInt("reserved")), sku);
    }

    /** The units of the sku that RESERVED reservations hold: always equal to the stock's reserved. */
    public int heldByReservations(String sku) {
        return jdbc.queryForObject("""
                SELECT coalesce(sum(l.quantity), 0) FROM reservation_line l JOIN reservation r USING (order_id)
                WHERE l.sku = ? AND r.status = 'RESERVED'
                """, Integer.class, sku);
    }

    /** The reservation's status, or null if the inventory has not heard of the order. */
    public String status(OrderId orderId) {
        return jdbc.query("SELECT status FROM reservation WHERE order_id = ?",
                rs -> rs.next() ? rs.getString(1) : null, orderId.value());
    }

    public record Level(int onHand, int reserved) {

        int available() {
            return onHand - reserved;
        }
    }
}
