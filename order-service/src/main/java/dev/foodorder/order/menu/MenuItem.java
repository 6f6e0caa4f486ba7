package dev.foodorder.order.menu;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.math.BigDecimal;

/** Something a customer can order, at its current price. */
@Entity
@Table(name = "menu_item")
public class MenuItem {

    @Id
    private String sku;

    private String name;

    private BigDecimal price;

    private String currency;

    protected MenuItem() {
    }

    public String sku() {
        return sku;
    }

    public String name() {
        return name;
    }

    public BigDecimal price() {
        return price;
    }

    public String currency() {
        return currency;
    }
}
