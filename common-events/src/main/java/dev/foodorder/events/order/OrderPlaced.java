package dev.foodorder.events.order;

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

/** A customer placed an order; it waits for the inventory's answer (status PENDING). */
public record OrderPlaced(
        OrderId orderId,
        String customerId,
        String customerEmail,
        List<Line> lines,
        BigDecimal total,
        String currency,
        Instant placedAt) implements OrderEvent {

    public OrderPlaced {
        present(orderId, "orderId");
        text(customerId, "customerId");
        text(customerEmail, "customerEmail");
        lines = nonEmpty(lines, "lines");
        amount(total, "total");
        currencyCode(currency);
        present(placedAt, "placedAt");
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
