package dev.foodorder.bench;

import dev.foodorder.infrastructure.PostgresServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToLongFunction;

/**
 * What PostgreSQL spent on each statement within each step's counted part ({@code --statements}), from
 * {@code pg_stat_statements}. The benchmark's throughput and latency vary more between fresh stacks than most changes
 * move them, and so does a statement's time, which is wall-clock time; the pages it touches and the WAL records it
 * writes per order vary far less, so a change to the SQL is judged by those (docs/performance.md, section 20).
 *
 * <p>Once a second a thread of its own reads the server's running totals; a step's figures are the difference
 * between the last reading at or before its counted part began and the last at or before its end. The time is the
 * server's own: execution and planning, waits for locks, for the disk and for a core included.
 */
final class Statements implements AutoCloseable {

    /** Only a start can load the module; statistics on planning are off by default. */
    static final Map<String, String> SERVER_SETTINGS = Map.of(
            "shared_preload_libraries", "pg_stat_statements",
            "pg_stat_statements.track_planning", "on");
    /** Statements listed for each step; the rest are in its total. */
    static final int LISTED = 15;
    private static final String READ = """
            SELECT d.datname, s.userid, s.queryid, s.query, s.calls, s.rows, s.total_exec_time, s.total_plan_time,
                   s.shared_blks_hit + s.shared_blks_read, s.wal_records
            FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid""";

    /**
     * One statement's totals: since the server started, or within a step. The time is the server's wall-clock time,
     * which grows when the cores are busy with other work; the pages (of the shared buffers, hit or read) and the WAL
     * records it wrote are the work itself, and do not.
     */
    record Totals(String database, String query, long calls, long rows, double executionMs, double planningMs, long pages,
                  long walRecords) {

        double ms() {
            return executionMs + planningMs;
        }

        Totals minus(Totals earlier) {
            return earlier == null ? this : new Totals(database, query, calls - earlier.calls, rows - earlier.rows,
                    executionMs - earlier.executionMs, planningMs - earlier.planningMs, pages - earlier.pages,
                    walRecords - earlier.walRecords);
        }
    }

    /** The totals at one moment of the run (seconds on the run's clock), by statement. */
    record Reading(double t, Map<String, Totals> byStatement) {
    }

    /** A step's statements, the most expensive first, and what the step settled in its counted part. */
    record Step(String name, double countedSeconds, double settledOrders, double totalMs, List<Totals> statements) {

        double msPerSettledOrder() {
            return settledOrders > 0 ? totalMs / settledOrders : Double.NaN;
        }
    }

    private final Connection connection;
    private final RunClock clock;
    private final List<Reading> readings = new CopyOnWriteArrayList<>();
    private final EverySecond seconds;

    Statements(PostgresServer server, RunClock clock) {
        this.clock = clock;
        try {
            this.connection = DriverManager.getConnection(server.jdbcUrl("postgres"), server.username(), server.password());
            try (var statement = connection.createStatement()) {
                statement.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL's statement statistics cannot be read (was the server started with "
                    + SERVER_SETTINGS + "?): " + e.getMessage(), e);
        }
        this.seconds = new EverySecond("statements", clock, this::readNow);
    }

    /** Reads the running totals now and keeps them; a reading that fails is a gap, not the end. */
    synchronized void readNow() {
        var t = clock.seconds();
        var byStatement = new HashMap<String, Totals>();
        try (var statement = connection.createStatement(); var rows = statement.executeQuery(READ)) {
            while (rows.next()) {
                var key = rows.getString(1) + "/" + rows.getLong(2) + "/" + rows.getLong(3);
                byStatement.put(key, new Totals(rows.getString(1), rows.getString(4), rows.getLong(5), rows.getLong(6),
                        rows.getDouble(7), rows.getDouble(8), rows.getLong(9), rows.getLong(10)));
            }
            readings.add(new Reading(t, Map.copyOf(byStatement)));
        } catch (SQLException e) {
            // The next second tries again; a step whose bounds fall in a gap takes the reading before.
        }
    }

    List<Reading> readings() {
        return List.copyOf(readings);
    }

    /** Each step's statements within its counted part; a step without a reading before it is left out. */
    static List<Step> perStep(List<Reading> readings, List<Analysis.StepResult> steps) {
        var result = new ArrayList<Step>();
        for (var step : steps) {
            var window = step.window();
            var from = before(readings, window.measuredFrom());
            var to = before(readings, window.end());
            if (from == null || to == null || to == from) {
                continue;
            }
            var seconds = window.end() - window.measuredFrom();
            result.add(within(window.step().name(), seconds, step.settledPerSecond() * seconds, from, to));
        }
        return result;
    }

    /** What each statement spent between two readings; one reset or evicted in between is left out. */
    static Step within(String name, double countedSeconds, double settledOrders, Reading from, Reading to) {
        var statements = new ArrayList<Totals>();
        to.byStatement().forEach((key, totals) -> {
            var spent = totals.minus(from.byStatement().get(key));
            if (spent.calls() > 0 && spent.ms() >= 0) {
                statements.add(spent);
            }
        });
        statements.sort(Comparator.comparingDouble(Totals::ms).reversed());
        var total = statements.stream().mapToDouble(Totals::ms).sum();
        return new Step(name, countedSeconds, settledOrders, total, List.copyOf(statements));
    }

    private static Reading before(List<Reading> readings, double t) {
        Reading last = null;
        for (var reading : readings) {
            if (reading.t() <= t) {
                last = reading;
            }
        }
        return last;
    }

    /** Writes {@code statements.md}; returns a line for the summary's notes. */
    static List<String> write(Path output, List<Step> steps) {
        var md = new StringBuilder("""
                # PostgreSQL's statements, step by step

                From `pg_stat_statements` (`./bench.sh --statements`), read once a second: what the server spent on each
                statement in each step's counted part, executing and planning it (waits for locks and for the disk
                included), all three databases together. The %d most expensive statements of each step are listed.
                The time is wall-clock time, which grows when the cores are busy with other work: to compare runs, the
                pages each call touched (shared buffers, hit or read) and the WAL records each row wrote are the work
                itself.
                """.formatted(LISTED));
        for (var step : steps) {
            md.append("\n## ").append(step.name()).append(String.format(Locale.ROOT,
                    "\n\n%,.0f ms of statements in %.0f s counted (%.2f cores' worth of server time), %s ms per settled order; "
                            + "per settled order, %s pages touched and %s WAL records written.%n%n",
                    step.totalMs(), step.countedSeconds(), step.totalMs() / 1000 / step.countedSeconds(), decimal(step.msPerSettledOrder()),
                    perOrder(step, Totals::pages), perOrder(step, Totals::walRecords)));
            md.append("| database | statement | calls | rows | ms | share | ms per call | ms per settled order | pages per call | WAL records per row |\n");
            md.append("|---|---|---|---|---|---|---|---|---|---|\n");
            step.statements().stream().limit(LISTED).forEach(s -> md.append(String.format(Locale.ROOT,
                    "| %s | `%s` | %,d | %,d | %,.1f | %.1f %% | %.3f | %s | %.1f | %s |%n", s.database(), shortened(s.query()), s.calls(),
                    s.rows(), s.ms(), 100 * s.ms() / step.totalMs(), s.ms() / s.calls(),
                    decimal(step.settledOrders() > 0 ? s.ms() / step.settledOrders() : Double.NaN), (double) s.pages() / s.calls(),
                    s.rows() > 0 ? String.format(Locale.ROOT, "%.1f", (double) s.walRecords() / s.rows()) : "-")));
        }
        try {
            Files.createDirectories(output);
            Files.writeString(output.resolve("statements.md"), md, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var line = new StringBuilder("PostgreSQL's statements (`--statements`), per settled order: ms of server time, pages touched, "
                + "WAL records:");
        steps.stream().filter(step -> step.settledOrders() > 0).forEach(step -> line.append(" ").append(step.name())
                .append(" ").append(decimal(step.msPerSettledOrder())).append(", ").append(perOrder(step, Totals::pages))
                .append(", ").append(perOrder(step, Totals::walRecords)).append(";"));
        return List.of(line.append(" each statement in [statements.md](statements.md)").toString());
    }

    private static String perOrder(Step step, ToLongFunction<Totals> work) {
        return step.settledOrders() > 0
                ? String.format(Locale.ROOT, "%.1f", step.statements().stream().mapToLong(work).sum() / step.settledOrders())
                : "-";
    }

    /** One line, at most 160 characters, safe inside a Markdown table's code span. */
    static String shortened(String query) {
        var line = query.strip().replaceAll("\\s+", " ").replace("|", "\\|").replace("`", "'");
        return line.length() > 160 ? line.substring(0, 157) + "..." : line;
    }

    private static String decimal(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.3f", value);
    }

    @Override
    public void close() {
        seconds.close();
        try {
            connection.close();
        } catch (SQLException e) {
            // Closing: nothing is left to read.
        }
    }
}
