package dev.foodorder.infrastructure;

import java.sql.DriverManager;
import java.sql.SQLException;

/** A running PostgreSQL server that hands out fresh databases. */
public interface PostgresServer extends AutoCloseable {

    /** A JDBC URL for the given database on this server. */
    String jdbcUrl(String databaseName);

    String username();

    String password();

    /** Creates an empty database (dropping one of that name first) and returns how to reach it. */
    default Database createDatabase(String name) {
        var admin = jdbcUrl("postgres");
        try (var connection = DriverManager.getConnection(admin, username(), password());
             var statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create database " + name, e);
        }
        return new Database(name, jdbcUrl(name), username(), password());
    }

    /** Creates the database unless it exists, keeping its data: for the local demo. */
    default Database ensureDatabase(String name) {
        try (var connection = DriverManager.getConnection(jdbcUrl("postgres"), username(), password());
             var statement = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            statement.setString(1, name);
            if (!statement.executeQuery().next()) {
                try (var create = connection.createStatement()) {
                    create.execute("CREATE DATABASE " + name);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create database " + name, e);
        }
        return new Database(name, jdbcUrl(name), username(), password());
    }

    @Override
    void close();
}
