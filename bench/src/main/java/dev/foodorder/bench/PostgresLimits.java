package dev.foodorder.bench;

import dev.foodorder.infrastructure.PostgresServer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * PostgreSQL's own limit on this machine: how many order-shaped transactions it commits per second
 * (one order row and one outbox row, synchronous commit, as {@code POST /api/orders} writes them),
 * from 1 and from 16 connections. Measured on the stack's own server, in a scratch database built from
 * the services' real migrations (order-service's {@code V2__orders.sql}, messaging-support's outbox
 * migrations), so the indexes each insert maintains are the real ones.
 */
final class PostgresLimits {

    static final String DATABASE = "bench_limits";
    private static final Duration WARMUP = Duration.ofSeconds(1);

    /**
     * The commit setting of the services' sessions: their role's own setting if it has one, else the server's.
     * Reported with the results, since it decides what a commit costs.
     */
    static String synchronousCommit(PostgresServer server, String role) {
        try (var connection = DriverManager.getConnection(server.jdbcUrl("postgres"), server.username(), server.password());
             var statement = connection.prepareStatement("""
                     SELECT coalesce((SELECT split_part(c, '=', 2) FROM pg_db_role_setting s JOIN pg_roles r ON r.oid = s.setrole,
                                             unnest(s.setconfig) c WHERE r.rolname = ? AND c LIKE 'synchronous_commit=%' LIMIT 1),
                                     current_setting('synchronous_commit'))""")) {
            statement.setString(1, role);
            try (var result = statement.executeQuery()) {
                return result.next() ? result.getString(1) : "unknown";
            }
        } catch (SQLException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    /** Transactions per second and their latency, with one connection and with sixteen. */
    record Result(double txPerSecond1, Latencies latency1, double txPerSecond16, Latencies latency16, int payloadBytes) {
    }

    private final PostgresServer server;
    private final Path root;

    PostgresLimits(PostgresServer server, Path root) {
        this.server = server;
        this.root = root;
    }

    Result measure(Duration each, int payloadBytes) throws IOException, SQLException, InterruptedException {
        var database = server.createDatabase(DATABASE);
        try {
            try (var connection = DriverManager.getConnection(database.jdbcUrl(), server.username(), server.password());
                 var statement = connection.createStatement()) {
                statement.execute(Files.readString(root.resolve("order-service/src/main/resources/db/migration/V2__orders.sql")));
                for (var outbox : List.of("V0_1__outbox.sql", "V0_3__outbox_holds_only_unpublished_rows.sql")) {
                    statement.execute(Files.readString(root.resolve("messaging-support/src/main/resources/db/messaging").resolve(outbox)));
                }
            }
            var payload = "{\"note\":\"" + "x".repeat(Math.max(0, payloadBytes - 11)) + "\"}";
            var one = run(database.jdbcUrl(), 1, each, payload);
            var sixteen = run(database.jdbcUrl(), 16, each, payload);
            return new Result(one.perSecond, one.latencies, sixteen.perSecond, sixteen.latencies, payload.length());
        } finally {
            try (var connection = DriverManager.getConnection(server.jdbcUrl("postgres"), server.username(), server.password());
                 var statement = connection.createStatement()) {
                statement.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
            }
        }
    }

    private record Run(double perSecond, Latencies latencies) {
    }

    private Run run(String url, int connections, Duration duration, String payload) throws SQLException, InterruptedException {
        var start = System.nanoTime() + WARMUP.toNanos();
        var end = start + duration.toNanos();
        var committed = new AtomicLong();
        var latencies = new ConcurrentLinkedQueue<Double>();
        var workers = new ArrayList<Thread>();
        var failures = new ConcurrentLinkedQueue<Exception>();
        for (int i = 0; i < connections; i++) {
            var connection = DriverManager.getConnection(url, server.username(), server.password());
            try (var statement = connection.createStatement()) {
                // Whatever the server's default: a commit that waits for the WAL flush, as in production.
                statement.execute("SET synchronous_commit = on");
            }
            connection.setAutoCommit(false);
            workers.add(Thread.ofPlatform().name("postgres-limit-" + i).start(() -> {
                try (connection) {
                    transact(connection, start, end, payload, committed, latencies);
                } catch (SQLException e) {
                    failures.add(e);
                }
            }));
        }
        for (var worker : workers) {
            worker.join();
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("The PostgreSQL limit run failed", failures.peek());
        }
        return new Run(committed.get() / (duration.toNanos() / 1e9), Latencies.of(List.copyOf(latencies)));
    }

    private static void transact(Connection connection, long start, long end, String payload, AtomicLong committed,
                                 ConcurrentLinkedQueue<Double> latencies) throws SQLException {
        try (var order = connection.prepareStatement("""
                INSERT INTO orders (id, customer_id, customer_email, status, total, currency, placed_at, updated_at, version)
                VALUES (?, 'c-42', 'ada@example.org', 'PENDING', 21.50, 'EUR', ?, ?, 0)""");
             var outbox = connection.prepareStatement("""
                     INSERT INTO outbox (event_id, topic, message_key, event_type, source, subject, occurred_at, payload, traceparent)
                     VALUES (?, 'orders', ?, 'food.order.placed.v1', '/order-service', ?, ?, ?, NULL)""")) {
            long now;
            while ((now = System.nanoTime()) < end) {
                var id = UUID.randomUUID();
                var at = Timestamp.from(Instant.now());
                order.setObject(1, id);
                order.setTimestamp(2, at);
                order.setTimestamp(3, at);
                order.executeUpdate();
                outbox.setObject(1, UUID.randomUUID());
                outbox.setString(2, id.toString());
                outbox.setString(3, id.toString());
                outbox.setTimestamp(4, at);
                outbox.setString(5, payload);
                outbox.executeUpdate();
                connection.commit();
                if (now >= start) {
                    committed.incrementAndGet();
                    latencies.add((System.nanoTime() - now) / 1e6);
                }
            }
        }
    }
}
