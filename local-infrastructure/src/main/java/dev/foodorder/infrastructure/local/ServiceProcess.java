package dev.foodorder.infrastructure.local;

import dev.foodorder.infrastructure.Database;
import dev.foodorder.infrastructure.Processes;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One service of the local stack: a Spring Boot jar in a JVM of its own, its log lines prefixed
 * with its name, started from a JDK 25 AOT cache where the JDK has them ({@link AotCache}).
 */
public final class ServiceProcess {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    /** The actuator's port (probes, metrics), apart from the API's; the API's when not given. */
    private static final String MANAGEMENT_PORT = "MANAGEMENT_SERVER_PORT";

    private final String name;
    private final Path jar;
    private final int port;
    private final int managementPort;
    private final Map<String, String> environment;
    private final PrintStream out;
    private final List<String> javaOptions;
    private final AotCache aotCache;
    private Process process;
    private Instant startedAt;
    /** Copies this run's output into the log, line by line, until the process's end of it. */
    private Thread output;

    /** A service with {@link JavaOptions#service() the services' JVM options}. */
    public ServiceProcess(String name, Path jar, int port, Map<String, String> environment, PrintStream out) {
        this(name, jar, port, environment, out, JavaOptions.service());
    }

    /**
     * @param javaOptions the JVM's options; its AOT cache is trained with the same ones
     */
    public ServiceProcess(String name, Path jar, int port, Map<String, String> environment, PrintStream out,
                          List<String> javaOptions) {
        this.name = name;
        this.jar = jar;
        this.port = port;
        this.managementPort = Integer.parseInt(environment.getOrDefault(MANAGEMENT_PORT, String.valueOf(port)));
        this.environment = environment;
        this.out = out;
        this.javaOptions = List.copyOf(javaOptions);
        this.aotCache = new AotCache(jar);
    }

    /**
     * What a deployment gives every service, and all it needs: its ports (the API's, and the actuator's of
     * its own), its database (none for a service that keeps no database: {@code null}) and the broker, as the
     * environment variables Spring Boot reads (docker compose and k8s set the same, but there the services
     * still connect as the owner).
     */
    public static Map<String, String> deploymentEnvironment(int port, int managementPort, Database database,
                                                            String kafkaBootstrapServers) {
        var environment = new LinkedHashMap<String, String>();
        environment.put("SERVER_PORT", String.valueOf(port));
        environment.put(MANAGEMENT_PORT, String.valueOf(managementPort));
        if (database != null) {
            // Rows at run time, the schema only through the migrations: the owner is Flyway's alone.
            environment.put("SPRING_DATASOURCE_URL", database.jdbcUrl());
            environment.put("SPRING_DATASOURCE_USERNAME", SystemStack.APP_USER);
            environment.put("SPRING_DATASOURCE_PASSWORD", SystemStack.APP_PASSWORD);
            environment.put("SPRING_FLYWAY_USER", database.username());
            environment.put("SPRING_FLYWAY_PASSWORD", database.password());
        }
        environment.put("SPRING_KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrapServers);
        return environment;
    }

    public String name() {
        return name;
    }

    /** The API's port. */
    public int port() {
        return port;
    }

    /** The actuator's port: the probes, /actuator/metrics and /actuator/prometheus. */
    public int managementPort() {
        return managementPort;
    }

    public List<String> javaOptions() {
        return javaOptions;
    }

    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build it first (./run-local.sh builds it)");
        }
        var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var command = new ArrayList<>(List.of(java));
        command.addAll(javaOptions);
        command.addAll(aotCache.launch(java, javaOptions, environment, line -> out.println(prefix() + line)));
        var builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name, e);
        }
        startedAt = Instant.now();
        var lines = process.getInputStream();
        output = Thread.ofPlatform().daemon().name(name + "-log").start(() -> pipe(lines));
    }

    /**
     * Starts the services side by side: the first start after a build trains each one's AOT
     * cache, and three trainings in a row would triple that wait.
     */
    public static void startAll(Collection<ServiceProcess> services) {
        services.stream().map(service -> Thread.ofPlatform().name(service.name + "-start").start(service::start)).toList()
                .forEach(thread -> {
                    try {
                        thread.join();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                });
    }

    /** Waits until the service answers UP on its readiness probe; returns the seconds it took. */
    public double awaitReady(Duration timeout) {
        var deadline = Instant.now().plus(timeout);
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/actuator/health/readiness"))
                .timeout(Duration.ofSeconds(2)).build();
        while (Instant.now().isBefore(deadline)) {
            if (!isRunning()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue());
            }
            try {
                var response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("UP")) {
                    return Duration.between(startedAt, Instant.now()).toMillis() / 1000.0;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            waitABit();
        }
        throw new IllegalStateException(name + " not ready within " + timeout);
    }

    /**
     * Stops the service gracefully (SIGTERM), killing it if it does not stop in time. On Windows the
     * JDK can only end a process at once: nothing is lost (the outbox holds unpublished events, and
     * uncommitted offsets are read again), it only starts a little slower next time.
     */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        Processes.stop(process, Duration.ofSeconds(20), Duration.ofSeconds(5));
        process = null;
    }

    /** Kills the service at once (SIGKILL), as a crash would. What it wrote before it died still reaches its log. */
    public synchronized void kill() {
        if (process != null) {
            Processes.kill(process, Duration.ofSeconds(10));
            process = null;
        }
    }

    /**
     * Freezes the service (SIGSTOP) until {@link #resume()} or a {@link #kill()}: it does nothing more,
     * so a scenario can look at what it has done, in its database and in its group's offsets, and
     * choose the moment of a crash. Not on Windows.
     */
    public synchronized void pause() {
        if (!isRunning()) {
            throw new IllegalStateException(name + " is not running");
        }
        Processes.suspend(process);
    }

    /** Lets a {@link #pause() frozen} service run on (SIGCONT). */
    public synchronized void resume() {
        if (isRunning()) {
            Processes.resume(process);
        }
    }

    /**
     * Waits until everything the last run wrote is in its log: after a kill, its last lines may still
     * be on their way through the pipe. Returns at once if called from the thread that copies them.
     */
    public void awaitOutputEnd(Duration timeout) {
        Thread copier;
        synchronized (this) {
            copier = output;
        }
        if (copier == null || copier == Thread.currentThread()) {
            return;
        }
        try {
            if (!copier.join(timeout)) {
                throw new IllegalStateException(name + "'s output still open after " + timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    public synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    private void pipe(java.io.InputStream output) {
        var prefix = prefix();
        try (var reader = new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                out.println(prefix + line);
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    private String prefix() {
        return "[%-12s] ".formatted(name);
    }

    private static void waitABit() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
