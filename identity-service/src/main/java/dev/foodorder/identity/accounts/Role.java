package dev.foodorder.identity.accounts;

import java.util.Locale;

/** What an account is to the system; a token names it in its {@code roles} claim, in lower case. */
public enum Role {
    CUSTOMER,
    STAFF;

    /** As the {@code account} table and the {@code roles} claim spell it. */
    String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Role of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
