package dev.foodorder.inventory.stock;

import dev.foodorder.messaging.outbox.Outbox;
import dev.foodorder.service.api.IdempotencyKey;
import dev.foodorder.service.api.NotFoundException;
import dev.foodorder.service.api.UnprocessableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Instant;
import java.util.List;

/** Adds delivered units to a sku's stock and tells the operators with {@code StockReplenished}. */
@Service
class Restocking {

    private static final Logger log = LoggerFactory.getLogger(Restocking.class);

    private final Stocks stocks;
    private final Outbox outbox;
    private final JdbcClient jdbc;

    Restocking(Stocks stocks, Outbox outbox, JdbcClient jdbc) {
        this.stocks = stocks;
        this.outbox = outbox;
        this.jdbc = jdbc;
    }

    /**
     * @param key the request's {@code Idempotency-Key}, or null
     * @return the stock after the restock; if the key's restock was done before, the stock as it is now,
     *         and nothing is added
     */
    @Transactional
    Restocked restock(String sku, int quantity, String key) {
        // First: a second request with the key waits here until the first one commits or rolls back.
        if (key != null && !claimed(key, sku, quantity)) {
            return new Restocked(stocks.findById(sku).orElseThrow(() -> noStock(sku)), true);
        }
        var stock = stocks.lockInSkuOrder(List.of(sku)).stream().findFirst().orElseThrow(() -> noStock(sku));
        try {
            outbox.append(stock.restock(quantity, Instant.now()));
        } catch (IllegalArgumentException e) {
            throw new UnprocessableException(e.getMessage() + ".");
        }
        log.info("Restocked {} {}: {} available", quantity, sku, stock.available());
        return new Restocked(stock, false);
    }

    /** Whether the key is now this restock's; false if an earlier one of the same sku and quantity holds it. */
    private boolean claimed(String key, String sku, int quantity) {
        var inserted = jdbc.sql("""
                        INSERT INTO restock (idempotency_key, sku, quantity) SELECT :key, sku, :quantity FROM stock WHERE sku = :sku
                        ON CONFLICT DO NOTHING
                        """)
                .param("key", key).param("sku", sku).param("quantity", quantity)
                .update();
        if (inserted == 1) {
            return true;
        }
        var earlier = jdbc.sql("SELECT sku, quantity FROM restock WHERE idempotency_key = ?").param(key)
                .query((row, number) -> row.getString("sku").equals(sku) && row.getInt("quantity") == quantity)
                .optional();
        if (earlier.isEmpty()) {
            throw noStock(sku);
        }
        if (!earlier.get()) {
            throw new UnprocessableException("The " + IdempotencyKey.HEADER + " was used for a different restock.");
        }
        return false;
    }

    private static NotFoundException noStock(String sku) {
        return new NotFoundException("No stock is kept for sku " + sku + ".");
    }

    /** @param replayed whether an earlier request with the same key had restocked already */
    record Restocked(Stock stock, boolean replayed) {
    }
}
