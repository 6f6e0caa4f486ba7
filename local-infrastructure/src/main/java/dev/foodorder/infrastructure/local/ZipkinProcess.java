package dev.foodorder.infrastructure.local;

import dev.foodorder.infrastructure.Processes;

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

/**
 * A Zipkin server (9411 for {@code ./run-local.sh --tracing}; any port for the system tests),
 * keeping the spans it receives in memory: a trace UI without Docker. It runs Zipkin's runnable jar
 * ({@code io.zipkin:zipkin-server:exec}, which Maven fetches) in a JVM of its own, its log beside the jar.
 */
public final class ZipkinProcess implements AutoCloseable {

    static final int PORT = 9411;

    /** A small heap, and a bound on the spans it keeps (the oldest go first): a demo's traces fit. */
    private static final List<String> JAVA_OPTIONS = List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-XX:+ExitOnOutOfMemoryError", "--enable-native-access=ALL-UNNAMED");
    private static final String MAX_SPANS = "50000";

    private final Path log;
    private final Process process;
    private final int port;

    private ZipkinProcess(Path log, Process process, int port) {
        this.log = log;
        this.process = process;
        this.port = port;
    }

    /** Starts the server on 9411; {@link #awaitReady} waits for it. */
    static ZipkinProcess start(Path jar) {
        return start(jar, PORT);
    }

    /** Starts the server on the port; {@link #awaitReady} waits for it. */
    public static ZipkinProcess start(Path jar, int port) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: ./run-local.sh --tracing fetches it");
        }
        if (listening(port)) {
            throw new IllegalStateException("Port " + port + " is taken (another Zipkin?): stop that first");
        }
        var command = new ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JAVA_OPTIONS);
        command.addAll(List.of("-jar", jar.toString()));
        var log = jar.resolveSibling("zipkin.log");
        var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("QUERY_PORT", String.valueOf(port));
        builder.environment().put("STORAGE_TYPE", "mem");
        builder.environment().put("MEM_MAX_SPANS", MAX_SPANS);
        try {
            return new ZipkinProcess(log, builder.start(), port);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start Zipkin", e);
        }
    }

    /** Where the services send their spans (MANAGEMENT_TRACING_EXPORT_ZIPKIN_ENDPOINT). */
    public String spansEndpoint() {
        return api() + "/spans";
    }

    /** Zipkin's API, e.g. {@code /trace/<traceId>} for one trace's spans. */
    public String api() {
        return "http://127.0.0.1:" + port + "/api/v2";
    }

    public String ui() {
        return "http://localhost:" + port + "/zipkin/";
    }

    /** Waits until Zipkin answers UP on its health endpoint. */
    public void awaitReady(Duration timeout) {
        var deadline = Instant.now().plus(timeout);
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).timeout(Duration.ofSeconds(2)).build();
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

    private static boolean listening(int port) {
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Stops the server (SIGTERM), killing it if it does not stop in time. */
    @Override
    public void close() {
        Processes.stop(process, Duration.ofSeconds(10), Duration.ofSeconds(5));
    }
}
