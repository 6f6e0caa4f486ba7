package dev.foodorder.infrastructure.test;

import dev.foodorder.infrastructure.Database;

import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;

/**
 * A test class's own database, as Spring Boot's {@code DataSource} and Flyway auto-configurations
 * read it: connection details win over {@code spring.datasource.*}, as with {@code @ServiceConnection}.
 * The driver class follows from the URL ({@link JdbcConnectionDetails#getDriverClassName()}).
 */
record DatabaseConnectionDetails(Database database) implements JdbcConnectionDetails {

    @Override
    public String getJdbcUrl() {
        return database.jdbcUrl();
    }

    @Override
    public String getUsername() {
        return database.username();
    }

    @Override
    public String getPassword() {
        return database.password();
    }
}
