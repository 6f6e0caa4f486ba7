package dev.foodorder.events.customer;

import java.time.Instant;

/**
 * The events analytics-service writes about a customer, for the tests of every module: sensible
 * defaults, and a wither for each thing tests vary. The default customer is that of
 * {@link dev.foodorder.events.order.OrderEventsMother#anOrder()}.
 *
 * @param at when the customer was flagged: when the order that crossed the limit was placed
 */
public record CustomerEventsMother(String customerId, String customerEmail, Instant at) {

    /** The default rule of analytics-service flags more than five orders within ten seconds. */
    private static final int ORDERS = 6;
    private static final int WITHIN_SECONDS = 10;
    private static final int SECONDS_SINCE_FIRST = 8;

    /** Ada, customer c-42, now. */
    public static CustomerEventsMother aCustomer() {
        return new CustomerEventsMother("c-42", "ada@example.org", Instant.now());
    }

    public CustomerEventsMother withCustomer(String customerId, String customerEmail) {
        return new CustomerEventsMother(customerId, customerEmail, at);
    }

    public CustomerEventsMother at(Instant at) {
        return new CustomerEventsMother(customerId, customerEmail, at);
    }

    /** Six orders within ten seconds, one more than the default rule allows; the first of them eight seconds earlier. */
    public CustomerFlagged flagged() {
        return new CustomerFlagged(customerId, customerEmail, ORDERS, WITHIN_SECONDS, at.minusSeconds(SECONDS_SINCE_FIRST), at);
    }
}
