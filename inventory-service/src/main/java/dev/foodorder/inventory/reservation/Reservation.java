package dev.foodorder.inventory.reservation;

import dev.foodorder.events.OrderId;
import dev.foodorder.events.inventory.ReservedItem;
import dev.foodorder.events.inventory.StockReservationFailed;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The inventory's answer to one order, and what it holds for it, as the API reads it ({@link
 * StockReservations} writes it with SQL). There is one per order id the
 * inventory has heard of, whichever of the order's events came first.
 */
@Entity
@Table(name = "reservation")
class Reservation {

    enum Status {
        /** Every line is held in stock for the order. */
        RESERVED,
        /** The order was cancelled and what it held went back into stock. */
        RELEASED,
        /** A line could not be served, so nothing was taken. */
        REFUSED,
        /** The cancellation arrived before the order: when the order comes, nothing is taken. */
        CANCELLED
    }

    @Id
    @Column(name = "order_id")
    private UUID orderId;

    @Enumerated(EnumType.STRING)
    private Status status;

    @Enumerated(EnumType.STRING)
    private StockReservationFailed.Reason reason;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "reservation_line", joinColumns = @JoinColumn(name = "order_id"))
    @OrderBy("sku")
    private List<Line> lines = new ArrayList<>();

    @Column(name = "created_at")
    private Instant createdAt;

    @Column(name = "updated_at")
    private Instant updatedAt;

    /** Null until the first insert, which is how Spring Data tells a new reservation from a stored one. */
    @Version
    private Integer version;

    protected Reservation() {
    }

    OrderId orderId() {
        return OrderId.of(orderId);
    }

    Status status() {
        return status;
    }

    /** Why the order was refused; null unless {@link Status#REFUSED}. */
    StockReservationFailed.Reason reason() {
        return reason;
    }

    /** What was taken from stock for the order (and, once released, given back), in sku order. */
    List<ReservedItem> items() {
        return lines.stream().map(line -> new ReservedItem(line.sku(), line.quantity())).toList();
    }

    Instant createdAt() {
        return createdAt;
    }

    Instant updatedAt() {
        return updatedAt;
    }

    @Embeddable
    record Line(String sku, int quantity) {
    }
}
