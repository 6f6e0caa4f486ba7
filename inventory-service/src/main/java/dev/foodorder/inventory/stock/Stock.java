package dev.foodorder.inventory.stock;

import dev.foodorder.events.inventory.StockLevelLow;
import dev.foodorder.events.inventory.StockReplenished;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Instant;
import java.util.Optional;

/**
 * The stock of one sku: units on hand, and how many of them are reserved for orders. Whoever
 * changes a stock must hold its row lock ({@link Stocks#lockInSkuOrder}) from reading it to
 * committing; the version column turns a forgotten lock into an error instead of a lost update.
 */
@Entity
@Table(name = "stock")
class Stock {

    /** More than a kitchen holds; keeps every sum far from integer overflow. */
    static final int MAX_ON_HAND = 1_000_000;

    @Id
    private String sku;

    private String name;

    @Column(name = "on_hand")
    private int onHand;

    private int reserved;

    private int threshold;

    @Version
    private int version;

    @Column(name = "updated_at")
    private Instant updatedAt;

    protected Stock() {
    }

    Stock(String sku, String name, int onHand, int threshold) {
        if (onHand < 0 || onHand > MAX_ON_HAND || threshold < 0) {
            throw new IllegalArgumentException("on hand must be 0 to " + MAX_ON_HAND + ", threshold not negative");
        }
        this.sku = sku;
        this.name = name;
        this.onHand = onHand;
        this.threshold = threshold;
        this.updatedAt = Instant.now();
    }

    /**
     * Takes units out of available stock for an order.
     *
     * @return a {@link StockLevelLow} if this reservation took the sku below its threshold; only the
     * crossing is reported, not every reservation made while it stays below
     * @throws IllegalStateException if fewer units are available: callers check {@link #available()} first
     */
    Optional<StockLevelLow> reserve(int quantity, Instant at) {
        requirePositive(quantity);
        if (quantity > available()) {
            throw new IllegalStateException("Cannot reserve " + quantity + " " + sku + ", only " + available() + " available");
        }
        boolean wasLow = isLow();
        reserved += quantity;
        updatedAt = at;
        return !wasLow && isLow() ? Optional.of(new StockLevelLow(sku, available(), threshold, at)) : Optional.empty();
    }

    /** Puts units reserved for an order back into available stock. */
    void release(int quantity, Instant at) {
        requirePositive(quantity);
        if (quantity > reserved) {
            throw new IllegalStateException("Cannot release " + quantity + " " + sku + ", only " + reserved + " reserved");
        }
        reserved -= quantity;
        updatedAt = at;
    }

    /** Adds units delivered to the kitchen. */
    StockReplenished restock(int quantity, Instant at) {
        requirePositive(quantity);
        if (quantity > MAX_ON_HAND - onHand) {
            throw new IllegalArgumentException("Restocking " + quantity + " " + sku + " would hold more than "
                    + MAX_ON_HAND + " units");
        }
        onHand += quantity;
        updatedAt = at;
        return new StockReplenished(sku, quantity, available(), at);
    }

    String sku() {
        return sku;
    }

    String name() {
        return name;
    }

    int onHand() {
        return onHand;
    }

    int reserved() {
        return reserved;
    }

    int available() {
        return onHand - reserved;
    }

    int threshold() {
        return threshold;
    }

    /** Below its threshold: time to restock. */
    boolean isLow() {
        return available() < threshold;
    }

    Instant updatedAt() {
        return updatedAt;
    }

    private static void requirePositive(int quantity) {
        if (quantity <= 0) {
            throw new IllegalArgumentException("quantity must be positive");
        }
    }
}
