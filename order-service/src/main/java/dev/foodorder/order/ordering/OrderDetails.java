package dev.foodorder.order.ordering;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import dev.foodorder.events.OrderId;
import dev.foodorder.events.order.OrderRejected;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An order as the API shows it: its lines and total, why it was rejected or cancelled, and its
 * history of events sent and received.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record OrderDetails(
        UUID orderId,
        String customerId,
        String customerEmail,
        OrderStatus status,
        List<Line> items,
        BigDecimal total,
        String currency,
        String note,
        Instant placedAt,
        Instant updatedAt,
        Rejection rejection,
        String cancellationReason,
        List<HistoryEntry> history) {

    static OrderDetails of(Order order) {
        return new OrderDetails(order.id().value(), order.customerId(), order.customerEmail(), order.status(),
                order.lines().stream()
                        .map(line -> new Line(line.sku(), line.name(), line.quantity(), line.unitPrice(), line.total()))
                        .toList(),
                order.total(), order.currency(), order.note(), order.placedAt(), order.updatedAt(),
                order.rejectionReason().map(reason -> new Rejection(reason, List.copyOf(order.unavailableItems()))).orElse(null),
                order.cancellationReason().orElse(null),
                List.copyOf(order.history()));
    }

    OrderId id() {
        return OrderId.of(orderId);
    }

    @Schema(name = "OrderLine")
    record Line(String sku, String name, int quantity, BigDecimal unitPrice, BigDecimal lineTotal) {
    }

    record Rejection(OrderRejected.Reason reason, List<UnavailableItem> unavailableItems) {
    }
}
