package dev.foodorder.order.ordering;

import dev.foodorder.events.EventEnvelope;
import dev.foodorder.events.OrderId;
import dev.foodorder.events.order.OrderCancelled;
import dev.foodorder.events.order.OrderPlaced;
import dev.foodorder.events.order.OrderRejected;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The Order aggregate. Each change of status returns the integration event it produced, or nothing
 * when the order's status does not allow the change; the caller appends that event to the outbox in
 * the same transaction, so the new status and its event commit together. New orders are written
 * without the entity, a group at a time ({@link OrderIntake}), and so are the inventory's answers
 * ({@link InventoryVerdicts}).
 */
@Entity
@Table(name = "orders")
class Order {

    /** The menu is priced in euros only (a constraint of table menu_item), so orders are too. */
    private static final String CURRENCY = "EUR";

    @Id
    private UUID id;

    private String customerId;

    private String customerEmail;

    private String note;

    @Enumerated(EnumType.STRING)
    private OrderStatus status;

    private BigDecimal total;

    private String currency;

    private Instant placedAt;

    /** When the status last changed. */
    private Instant updatedAt;

    @Enumerated(EnumType.STRING)
    private OrderRejected.Reason rejectionReason;

    private String cancellationReason;

    @ElementCollection
    @CollectionTable(name = "order_line", joinColumns = @JoinColumn(name = "order_id"))
    @OrderColumn(name = "line_no")
    private List<OrderLine> lines = new ArrayList<>();

    @ElementCollection
    @CollectionTable(name = "order_unavailable_item", joinColumns = @JoinColumn(name = "order_id"))
    @OrderColumn(name = "line_no")
    private List<UnavailableItem> unavailableItems = new ArrayList<>();

    @ElementCollection
    @CollectionTable(name = "order_history", joinColumns = @JoinColumn(name = "order_id"))
    @OrderColumn(name = "seq")
    private List<HistoryEntry> history = new ArrayList<>();

    /** 0 when {@link NewOrders} writes the order; each change of status adds one. */
    @Version
    @Column(nullable = false)
    private Long version;

    protected Order() {
    }

    /**
     * A new order, PENDING until the inventory answers, and the event that announces it.
     *
     * @param deadline how long it may stay PENDING ({@link OrderDeadlines}), which its event tells as {@code settleBy}
     */
    static Placement place(OrderId id, String customerId, String customerEmail, List<OrderLine> lines, String note,
                           Duration deadline) {
        var order = new Order();
        order.id = id.value();
        order.customerId = customerId;
        order.customerEmail = customerEmail;
        order.note = note;
        order.lines = new ArrayList<>(lines);
        order.total = lines.stream().map(OrderLine::total).reduce(BigDecimal.ZERO, BigDecimal::add);
        order.currency = CURRENCY;
        order.status = OrderStatus.PENDING;
        order.placedAt = now();
        order.updatedAt = order.placedAt;
        var event = new OrderPlaced(id, customerId, customerEmail,
                lines.stream().map(line -> new OrderPlaced.Line(line.sku(), line.name(), line.quantity(), line.unitPrice())).toList(),
                order.total, order.currency, order.placedAt, order.placedAt.plus(deadline));
        return new Placement(order, event);
    }

    record Placement(Order order, OrderPlaced event) {
    }

    /** The customer cancels, while the order is pending or once it is confirmed; a final order cannot be. */
    Optional<OrderCancelled> cancel(String reason) {
        if (status != OrderStatus.PENDING && status != OrderStatus.CONFIRMED) {
            return Optional.empty();
        }
        changeStatus(OrderStatus.CANCELLED);
        cancellationReason = reason;
        return Optional.of(new OrderCancelled(id(), customerId, customerEmail, reason, updatedAt));
    }

    /**
     * The event that announced the order, as the outbox wrapped it: the whole history of a new order.
     * Set again if a first attempt at writing the order rolled back, whose event never existed.
     */
    void recordPlaced(EventEnvelope placed) {
        history = new ArrayList<>(List.of(HistoryEntry.sent(placed, now())));
    }

    void recordSent(EventEnvelope event) {
        history.add(HistoryEntry.sent(event, now()));
    }

    private void changeStatus(OrderStatus next) {
        status = next;
        updatedAt = now();
    }

    /** PostgreSQL keeps microseconds: an instant with nanoseconds would not read back equal. */
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    OrderId id() {
        return OrderId.of(id);
    }

    String customerId() {
        return customerId;
    }

    String customerEmail() {
        return customerEmail;
    }

    String note() {
        return note;
    }

    OrderStatus status() {
        return status;
    }

    BigDecimal total() {
        return total;
    }

    String currency() {
        return currency;
    }

    Instant placedAt() {
        return placedAt;
    }

    Instant updatedAt() {
        return updatedAt;
    }

    Optional<OrderRejected.Reason> rejectionReason() {
        return Optional.ofNullable(rejectionReason);
    }

    Optional<String> cancellationReason() {
        return Optional.ofNullable(cancellationReason);
    }

    List<OrderLine> lines() {
        return Collections.unmodifiableList(lines);
    }

    List<UnavailableItem> unavailableItems() {
        return Collections.unmodifiableList(unavailableItems);
    }

    List<HistoryEntry> history() {
        return Collections.unmodifiableList(history);
    }
}
