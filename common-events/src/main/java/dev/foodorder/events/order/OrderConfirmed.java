package dev.foodorder.events.order;

import dev.foodorder.events.OrderId;

import java.math.BigDecimal;
import java.time.Instant;

import static dev.foodorder.events.Require.amount;
import static dev.foodorder.events.Require.currencyCode;
import static dev.foodorder.events.Require.present;
import static dev.foodorder.events.Require.text;

/** The inventory reserved every line: the order will be prepared. */
public record OrderConfirmed(
        OrderId orderId,
        String customerId,
        String customerEmail,
        BigDecimal total,
        String currency,
        Instant confirmedAt) implements OrderEvent {

    public OrderConfirmed {
        present(orderId, "orderId");
        text(customerId, "customerId");
        text(customerEmail, "customerEmail");
        amount(total, "total");
        currencyCode(currency);
        present(confirmedAt, "confirmedAt");
    }

    @Override
    public Instant occurredAt() {
        return confirmedAt;
    }
}
