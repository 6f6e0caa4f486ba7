package dev.foodorder.events;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * Invariants checked in the events' compact constructors, so an event that breaks the contract
 * cannot be built by a producer nor read by a consumer.
 */
public final class Require {

    private Require() {
    }

    public static <T> T present(T value, String name) {
        return Objects.requireNonNull(value, () -> name + " is required");
    }

    public static String text(String value, String name) {
        if (present(value, name).isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }

    public static <T> List<T> nonEmpty(List<T> values, String name) {
        if (present(values, name).isEmpty()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
        return List.copyOf(values);
    }

    public static int positive(int value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive");
        }
        return value;
    }

    public static int notNegative(int value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative");
        }
        return value;
    }

    public static BigDecimal amount(BigDecimal value, String name) {
        if (present(value, name).signum() < 0) {
            throw new IllegalArgumentException(name + " must not be negative");
        }
        return value;
    }

    public static String currencyCode(String value) {
        if (value == null || !value.matches("[A-Z]{3}")) {
            throw new IllegalArgumentException("currency must be an ISO 4217 code");
        }
        return value;
    }
}
