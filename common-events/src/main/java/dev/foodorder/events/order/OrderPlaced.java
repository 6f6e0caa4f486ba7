package dev.foodorder.events.order;

import dev.foodorder.events.MayBeAbsent;
import dev.foodorder.events.OrderId;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import static dev.foodorder.events.Require.amount;
import static dev.foodorder.events.Require.currencyCode;
import static dev.foodorder.events.Require.nonEmpty;
import static dev.foodorder.events.Require.positive;
import static dev.foodorder.events.Require.present;
import static dev.foodorder.events.Require.text;

/**
 * A customer placed an order; it waits for the inventory's answer (status PENDING).
 *
 * @param settleBy when the order service cancels the order (reason {@code TIMEOUT}) if the
 *                 inventory has not answered by then; null from producers built before the field was added
 */
public record OrderPlaced(
        OrderId orderId,
        String customerId,
        String customerEmail,
        List<Line> lines,
        BigDecimal total,
        String currency,
        Instant placedAt,
        @MayBeAbsent Instant settleBy) implements OrderEvent {

    public OrderPlaced {
        present(orderId, "orderId");
        text(customerId, "customerId");
        text(customerEmail, "customerEmail");
        lines = nonEmpty(lines, "lines");
        amount(total, "total");
        currencyCode(currency);
        present(placedAt, "placedAt");
    }

    /** An order without a deadline, as producers built before {@code settleBy} wrote it. */
    public OrderPlaced(OrderId orderId, String customerId, String customerEmail, List<Line> lines, BigDecimal total,
                       String currency, Instant placedAt) {
        this(orderId, customerId, customerEmail, lines, total, currency, placedAt, null);
    }

    @Override
    public Instant occurredAt() {
        return placedAt;
    }

    /** One line of the order, priced when it was placed. */
    public record Line(String sku, String name, int quantity, BigDecimal unitPrice) {

        public Line {
            text(sku, "sku");
            text(name, "name");
            positive(quantity, "quantity");
            amount(unitPrice, "unitPrice");
        }
    }
}
