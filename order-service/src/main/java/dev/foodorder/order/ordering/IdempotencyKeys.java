package dev.foodorder.order.ordering;

import dev.foodorder.events.OrderId;
import dev.foodorder.messaging.SqlArrays;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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
     * Claims each key for its new order, inside the transaction that places the orders.
     *
     * @return the orders whose key is now theirs; a key held by an earlier request, or by another
     *         claim of this call, is not
     */
    Set<OrderId> claimAll(List<Claim> claims) {
        // Sorted, so that two transactions claiming overlapping keys wait for each other rather than deadlock.
        // A claim of a key another transaction holds waits here until that one commits or rolls back.
        var sorted = claims.stream().sorted(Comparator.comparing(Claim::key)).toList();
        var claimed = new HashSet<OrderId>();
        jdbc.sql("""
                        INSERT INTO idempotency_key (key, request_hash, order_id) SELECT * FROM unnest(?, ?, ?)
                        ON CONFLICT DO NOTHING RETURNING order_id
                        """)
                .params(SqlArrays.of("text", sorted.stream().map(Claim::key).toList()),
                        SqlArrays.of("text", sorted.stream().map(Claim::requestHash).toList()),
                        SqlArrays.of("uuid", sorted.stream().map(claim -> claim.orderId().value()).toList()))
                .query(row -> {
                    claimed.add(OrderId.of(row.getObject(1, UUID.class)));
                });
        return claimed;
    }

    /** The request that holds the key, once it has committed. */
    Optional<Claim> find(String key) {
        return jdbc.sql("SELECT key, request_hash, order_id FROM idempotency_key WHERE key = ?")
                .param(key)
                .query((rs, row) -> new Claim(rs.getString("key"), rs.getString("request_hash"),
                        OrderId.of(rs.getObject("order_id", UUID.class))))
                .optional();
    }

    record Claim(String key, String requestHash, OrderId orderId) {
    }
}
