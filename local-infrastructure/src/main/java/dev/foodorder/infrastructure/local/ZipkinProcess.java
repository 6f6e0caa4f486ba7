package dev.foodorder.infrastructure.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Zipkin server on 9411, keeping the spans it receives in memory: a trace UI without Docker, for
 * {@code ./run-local.sh --tracing}. It runs Zipkin's runnable jar ({@code io.zipkin:zipkin-server:exec},
 * which run-local.sh fetches with Maven) in a JVM of its own, its log beside the jar.
 */
final class ZipkinProcess implements AutoCloseable {

    static final int PORT = 9411;
    /** Where the services send their spans (MANAGEMENT_TRACING_EXPORT_ZIPKIN_ENDPOINT). */
    static final String SPANS_ENDPOINT = "http://127.0.0.1:" + PORT + "/api/v2/spans";
    static final String UI = "http://localhost:" + PORT + "/zipkin/";

    /** A small heap, and a bound on the spans it keeps (the oldest go first): a demo's traces fit. */
    private static final List<String> JAVA_OPTIONS = List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-XX:+ExitOnOutOfMemoryError", "--enable-native-access=ALL-UNNAMED");
    private static final String MAX_SPANS = "50000";

    private final Path log;
    private final Process process;

    private ZipkinProcess(Path log, Process process) {
        this.log = log;
        this.process = process;
    }

    /** Starts the server; {@link #awaitReady} waits for it. */
    static ZipkinProcess start(Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: ./run-local.sh --tracing fetches it");
        }
        if (listening()) {
            throw new IllegalStateException("Port " + PORT + " is taken (another Zipkin?): stop that first");
        }
        var command = new ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JAVA_OPTIONS);
        command.addAll(List.of("-jar", jar.toString()));
        var log = jar.resolveSibling("zipkin.log");
        var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("QUERY_PORT", String.valueOf(PORT));
        builder.environment().put("STORAGE_TYPE", "mem");
        builder.environment().put("MEM_MAX_SPANS", MAX_SPANS);
        try {
            return new ZipkinProcess(log, builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start Zipkin", e);
        }
    }

    /** Waits until Zipkin answers UP on its health endpoint. */
    void awaitReady(Duration timeout) {
        var deadline = Instant.now().plus(timeout);
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + "/health")).timeout(Duration.ofSeconds(2)).build();
        try (var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build()) {
            while (Instant.now().isBefore(deadline)) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("Zipkin exited with " + process.exitValue() + "; see " + log);
                }
                try {
                    if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return;
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                Thread.sleep(250);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("Zipkin not ready within " + timeout + "; see " + log);
    }

    private static boolean listening() {
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", PORT), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Stops the server (SIGTERM), killing it if it does not stop in time. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
