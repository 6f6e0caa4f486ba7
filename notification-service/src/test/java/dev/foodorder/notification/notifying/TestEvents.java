package dev.foodorder.notification.notifying;

import dev.foodorder.events.customer.CustomerEventsMother;
import dev.foodorder.events.order.OrderEventsMother;

import java.util.UUID;

/**
 * Orders of customers of their own, and skus of their own: the topics are shared by every test
 * class in the JVM, so each test looks only at its own order, customer and skus.
 */
final class TestEvents {

    private TestEvents() {
    }

    static OrderEventsMother newOrder() {
        var customer = newCustomerId();
        return OrderEventsMother.anOrder().withCustomer(customer, customer + "@example.org");
    }

    static CustomerEventsMother newCustomer() {
        var customer = newCustomerId();
        return CustomerEventsMother.aCustomer().withCustomer(customer, customer + "@example.org");
    }

    private static String newCustomerId() {
        return "c-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String newSku() {
        return "sku-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
