package dev.foodorder.order.ordering;

/**
 * Where an order is in its life. PENDING waits for the inventory's answer; REJECTED and CANCELLED
 * are final; CONFIRMED can still be cancelled.
 */
enum OrderStatus {
    PENDING, CONFIRMED, REJECTED, CANCELLED
}
