package dev.foodorder.order.ordering;

import java.util.UUID;

/** Bodies of {@code POST /api/orders}, as a client writes them. */
final class OrderRequests {

    private OrderRequests() {
    }

    /** A customer id no other test uses, so that a test can list "its" orders. */
    static String newCustomer() {
        return "c-" + UUID.randomUUID();
    }

    /** Two pizzas Margherita (9.50) and a tiramisu (5.50): 24.50 EUR. */
    static String margheritasAndTiramisu(String customerId) {
        return """
                {"customerId": "%s", "customerEmail": "ada@example.org",
                 "items": [{"sku": "margherita", "quantity": 2}, {"sku": "tiramisu", "quantity": 1}],
                 "note": "no onions"}""".formatted(customerId);
    }

    static String espresso(String customerId) {
        return """
                {"customerId": "%s", "customerEmail": "ada@example.org", "items": [{"sku": "espresso", "quantity": 1}]}"""
                .formatted(customerId);
    }
}
