package dev.foodorder.infrastructure;

/** A PostgreSQL database of one's own, reachable over JDBC. */
public record Database(String name, String jdbcUrl, String username, String password) {
}
