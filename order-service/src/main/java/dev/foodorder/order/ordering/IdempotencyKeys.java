package dev.foodorder.order.ordering;

import dev.foodorder.events.OrderId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.util.Optional;
import java.util.UUID;

/**
 * The {@code Idempotency-Key}s of order placements, each with a hash of its request and the order
 * it created. Keys are kept as long as their orders.
 */
@Repository
class IdempotencyKeys {

    private final JdbcClient jdbc;

    IdempotencyKeys(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Claims the key for a new order, inside the transaction that places it.
     *
     * @return empty if the key is now this order's; otherwise the earlier request that holds it
     */
    Optional<Claim> claim(String key, String requestHash, OrderId orderId) {
        // A concurrent request with the same key waits here until the first one commits or rolls back.
        int claimed = jdbc.sql("INSERT INTO idempotency_key (key, request_hash, order_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
                .params(key, requestHash, orderId.value())
                .update();
        if (claimed == 1) {
            return Optional.empty();
        }
        return Optional.of(jdbc.sql("SELECT request_hash, order_id FROM idempotency_key WHERE key = ?")
                .param(key)
                .query((rs, row) -> new Claim(rs.getString("request_hash"), OrderId.of(rs.getObject("order_id", UUID.class))))
                .single());
    }

    record Claim(String requestHash, OrderId orderId) {
    }
}
