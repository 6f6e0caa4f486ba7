package dev.foodorder.identity.accounts;

import java.util.Objects;

/**
 * Someone who signs in. A customer is one customer id of the other services and has an email; staff
 * act for no customer. The same rule holds in the {@code account} table.
 */
public record Account(String username, Role role, String customerId, String email) {

    public Account {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(role, "role");
        if (role == Role.CUSTOMER && (customerId == null || email == null)) {
            throw new IllegalArgumentException("A customer's account needs a customer id and an email: " + username);
        }
        if (role == Role.STAFF && customerId != null) {
            throw new IllegalArgumentException("Staff act for no customer: " + username);
        }
    }
}
