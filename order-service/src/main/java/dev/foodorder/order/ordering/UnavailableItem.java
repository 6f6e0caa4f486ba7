package dev.foodorder.order.ordering;

import jakarta.persistence.Embeddable;

/** A line the inventory could not serve: how many were asked for and how many it had. */
@Embeddable
record UnavailableItem(String sku, int requested, int available) {
}
