package dev.foodorder.systemtest;

import tools.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The scenarios' results, written to {@code target/system-test-summary.md} and {@code .json} each
 * time a scenario ends, so the files are complete however the run ends.
 */
final class Summary {

    private static final Map<Integer, Row> ROWS = new TreeMap<>();
    private static final Path DIRECTORY = Path.of(System.getProperty("project.build.directory", "target"));

    private Summary() {
    }

    /**
     * @param cancellations     cancellations the order service accepted (200)
     * @param secondsToConverge from the end of the load and the fault until the books balanced
     * @param redeliveries      records that came to a consumer again during the scenario, and were dropped as
     *                          handled before (every service's idempotent consumer together, from their logs)
     * @param failedRequests    requests not answered as a client may expect (a 5xx, a refused connection...)
     */
    record Row(int scenario, String title, int ordersPlaced, int cancellations, int confirmed, int rejected, int cancelled,
               int lost, int duplicated, boolean booksBalance, double secondsToConverge, int redeliveries, int failedRequests,
               String notes) {
    }

    static synchronized void record(Row row) {
        ROWS.put(row.scenario(), row);
        write();
    }

    private static void write() {
        var markdown = new StringBuilder("""
                # System test summary

                Written %s by the system-tests module: every scenario ran against the service jars (the identity service's too) as
                separate processes, a Kafka broker (KRaft) and PostgreSQL, on %d cores.

                | # | Scenario | Orders placed | Cancellations | Confirmed / rejected / cancelled | Lost | Duplicated | Books balance | Seconds to converge | Redeliveries dropped | Failed requests | Notes |
                |---|---|---:|---:|---|---:|---:|---|---:|---:|---:|---|
                """.formatted(Instant.now().truncatedTo(ChronoUnit.SECONDS), Runtime.getRuntime().availableProcessors()));
        ROWS.values().forEach(row -> markdown.append("| %d | %s | %d | %d | %d / %d / %d | %d | %d | %s | %.1f | %d | %d | %s |%n".formatted(
                row.scenario(), row.title(), row.ordersPlaced(), row.cancellations(), row.confirmed(), row.rejected(),
                row.cancelled(), row.lost(), row.duplicated(), row.booksBalance() ? "yes" : "**no**", row.secondsToConverge(),
                row.redeliveries(), row.failedRequests(), row.notes())));
        try {
            Files.createDirectories(DIRECTORY);
            Files.writeString(DIRECTORY.resolve("system-test-summary.md"), markdown);
            Files.writeString(DIRECTORY.resolve("system-test-summary.json"), Http.JSON.rebuild()
                    .enable(SerializationFeature.INDENT_OUTPUT).build()
                    .writeValueAsString(List.copyOf(ROWS.values())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
