package dev.foodorder.infrastructure.test;

import dev.foodorder.infrastructure.PostgresServer;

import org.testcontainers.postgresql.PostgreSQLContainer;

/** PostgreSQL 18 in a container, for machines with a Docker engine. */
final class ContainerPostgresServer implements PostgresServer {

    static final String IMAGE = "postgres:18";

    private final PostgreSQLContainer container;

    private ContainerPostgresServer(PostgreSQLContainer container) {
        this.container = container;
    }

    @SuppressWarnings("resource")
    static ContainerPostgresServer start() {
        var container = new PostgreSQLContainer(IMAGE).withCommand("postgres", "-c", "max_connections=300");
        container.start();
        return new ContainerPostgresServer(container);
    }

    @Override
    public String jdbcUrl(String databaseName) {
        return "jdbc:postgresql://%s:%d/%s".formatted(
                container.getHost(), container.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT), databaseName);
    }

    @Override
    public String username() {
        return container.getUsername();
    }

    @Override
    public String password() {
        return container.getPassword();
    }

    @Override
    public void close() {
        container.stop();
    }
}
