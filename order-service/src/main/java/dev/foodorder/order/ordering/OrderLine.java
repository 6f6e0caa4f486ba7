package dev.foodorder.order.ordering;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

import java.math.BigDecimal;

/** One line of an order, priced from the menu when the order was placed. */
@Embeddable
record OrderLine(String sku, String name, int quantity, @Column(name = "unit_price") BigDecimal unitPrice) {

    BigDecimal total() {
        return unitPrice.multiply(BigDecimal.valueOf(quantity));
    }
}
