package dev.foodorder.infrastructure.local;

import dev.foodorder.infrastructure.Database;
import dev.foodorder.infrastructure.Directories;
import dev.foodorder.infrastructure.EmbeddedPostgresServer;
import dev.foodorder.infrastructure.KafkaProcess;
import dev.foodorder.infrastructure.PostgresServer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The whole system on one machine without Docker: a real Kafka broker (KRaft) on 9092, a real
 * PostgreSQL with one database per service, and the three services as separate JVMs on 8081-8083.
 * Started by {@code ./run-local.sh}; Ctrl-C stops everything. While it runs, commands typed on
 * standard input stop and start services, so the decoupling demo works without Docker.
 */
public final class LocalStack {

    static final String USER = "food";
    static final String PASSWORD = "food";
    private static final int KAFKA_PORT = 9092;
    private static final List<String> DATABASES = List.of("orders", "inventory", "notifications");
    /** Options run-local.sh adds to the services' defaults (C1 only, for the quickest start); ignored if SERVICE_JAVA_OPTIONS is set. */
    private static final String SERVICE_OPTION_ADDITIONS = "local-stack.service-java-options";

    private final Path root;
    private final Path state;
    private final PrintStream out = System.out;
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    private final List<String> javaOptions;
    private final Map<String, Database> databases = new ConcurrentHashMap<>();
    private KafkaProcess kafka;
    private LocalPostgres postgres;

    private LocalStack(Path root, List<String> javaOptions) {
        this.root = root;
        this.state = root.resolve(".local");
        this.javaOptions = javaOptions;
    }

    public static void main(String[] args) throws Exception {
        var options = List.of(args);
        if (options.contains("--help")) {
            System.out.println(usage());
            return;
        }
        var stack = new LocalStack(Path.of("").toAbsolutePath(), JavaOptions.service(System.getenv(),
                JavaOptions.split(System.getProperty(SERVICE_OPTION_ADDITIONS, ""))));
        Runtime.getRuntime().addShutdownHook(new Thread(stack::shutdown, "local-stack-shutdown"));
        stack.start(options.contains("--fresh"), options.contains("--second-inventory"));
        stack.readCommands();
    }

    private void start(boolean fresh, boolean secondInventory) throws Exception {
        if (fresh) {
            say("--fresh: deleting " + state);
            Directories.deleteRecursively(state);
        }
        Directories.create(state);
        var started = System.nanoTime();
        var database = CompletableFuture.supplyAsync(() -> {
            var local = LocalPostgres.start(state.resolve("postgres"));
            say("PostgreSQL ready at %s (%s) after %.1f s".formatted(local.server().jdbcUrl("postgres"), local.description(),
                    since(started)));
            try {
                // While the broker is still starting: creating a database takes PostgreSQL a moment.
                DATABASES.forEach(name -> databases.put(name, local.database(name)));
            } catch (RuntimeException e) {
                local.close();
                throw e;
            }
            return local;
        });
        kafka = KafkaProcess.start(state.resolve("kafka"), KAFKA_PORT);
        say("Kafka (KRaft) ready at %s after %.1f s".formatted(kafka.bootstrapServers(), since(started)));
        postgres = database.join();

        addService("order", "order-service", 8081, "orders", Map.of());
        addService("inventory", "inventory-service", 8082, "inventory", Map.of());
        addService("notification", "notification-service", 8083, "notifications", Map.of());
        if (secondInventory) {
            addService("inventory-2", "inventory-service", 8084, "inventory", Map.of());
        }
        say("Starting the services side by side with " + String.join(" ", javaOptions));
        ServiceProcess.startAll(services.values());
        var ready = services.values().stream()
                .map(service -> CompletableFuture.supplyAsync(() -> service.awaitReady(Duration.ofMinutes(3))))
                .toList();
        ready.forEach(CompletableFuture::join);
        printWelcome(since(started));
    }

    private static double since(long nanoTime) {
        return (System.nanoTime() - nanoTime) / 1e9;
    }

    private void addService(String name, String module, int port, String databaseName, Map<String, String> extra) {
        Database database = databases.computeIfAbsent(databaseName, postgres::database);
        var environment = ServiceProcess.deploymentEnvironment(port, database, kafka.bootstrapServers());
        environment.putAll(extra);
        var jar = root.resolve(module).resolve("target").resolve(module + "-0.1.0-SNAPSHOT.jar");
        services.put(name, new ServiceProcess(name, jar, port, environment, out, javaOptions));
    }

    private void printWelcome(double seconds) {
        var text = new StringBuilder("""

                ================================================================================
                 The food-ordering system is running (ready in %.1f s, %d MiB of memory in use).

                   Order service         http://localhost:8081/swagger-ui.html
                   Inventory service     http://localhost:8082/swagger-ui.html
                   Notification service  http://localhost:8083/swagger-ui.html
                   Live notifications    curl -N http://localhost:8083/api/notifications/stream
                   Kafka                 127.0.0.1:9092   (kcat -b 127.0.0.1:9092 -L)
                """.formatted(seconds, totalRssMiB()));
        if (services.containsKey("inventory-2")) {
            text.append("   Inventory, second     http://localhost:8084/swagger-ui.html\n");
        }
        text.append("""

                 Type a command and Enter:  status | stop NAME | start NAME | kill NAME | help
                 (NAME: %s).  Ctrl-C stops everything.
                ================================================================================
                """.formatted(String.join(", ", services.keySet())));
        out.print(text);
    }

    private void readCommands() throws IOException {
        var reader = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = reader.readLine()) != null) {
            try {
                execute(line.trim().split("\\s+"));
            } catch (RuntimeException e) {
                say("! " + e.getMessage());
            }
        }
        // No terminal (standard input closed): keep running until Ctrl-C or SIGTERM.
        try {
            Thread.currentThread().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void execute(String[] words) {
        var command = words[0];
        var service = words.length > 1 ? services.get(words[1]) : null;
        switch (command) {
            case "" -> { }
            case "status" -> status();
            case "help" -> say(usage());
            case "stop", "start", "kill" -> {
                if (service == null) {
                    say("Which service? One of " + services.keySet());
                    return;
                }
                switch (command) {
                    case "stop" -> service.stop();
                    case "kill" -> service.kill();
                    default -> {
                        service.start();
                        say(service.name() + " ready in " + service.awaitReady(Duration.ofMinutes(2)) + " s");
                    }
                }
                say(service.name() + (service.isRunning() ? " is running" : " is stopped"));
            }
            default -> say("Unknown command '" + command + "'. " + usage());
        }
    }

    private void status() {
        services.values().forEach(service -> say("%-13s %-8s port %d  pid %d  %d MiB".formatted(service.name(),
                service.isRunning() ? "running" : "stopped", service.port(), service.pid(), rssMiB(service.pid()))));
        say("%-13s %-8s port %d".formatted("kafka", kafka.isRunning() ? "running" : "stopped", KAFKA_PORT));
        say("Memory of the whole stack: " + totalRssMiB() + " MiB");
    }

    private long totalRssMiB() {
        var pids = new ArrayList<Long>();
        pids.add(ProcessHandle.current().pid());
        ProcessHandle.current().descendants().forEach(p -> pids.add(p.pid()));
        return pids.stream().mapToLong(LocalStack::rssMiB).sum();
    }

    static long rssMiB(long pid) {
        if (pid <= 0) {
            return 0;
        }
        try (var lines = Files.lines(Path.of("/proc", String.valueOf(pid), "status"))) {
            return lines.filter(line -> line.startsWith("VmRSS:"))
                    .map(line -> line.replaceAll("\\D", ""))
                    .mapToLong(Long::parseLong).findFirst().orElse(0) / 1024;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static String usage() {
        return """
                ./run-local.sh [--fresh] [--second-inventory] [--no-build]
                  --fresh             delete the local data (.local/) first
                  --second-inventory  run a second inventory instance on 8084: the two share the partitions of 'orders'
                  --no-build          skip the Maven build
                While running: status | stop NAME | start NAME | kill NAME (SIGKILL) | help
                Environment: SERVICE_JAVA_OPTIONS, KAFKA_JAVA_OPTIONS replace the services' and the broker's JVM options
                  (defaults: %s -XX:TieredStopAtLevel=1, and %s)""".formatted(
                String.join(" ", JavaOptions.SERVICE_DEFAULTS), String.join(" ", JavaOptions.BROKER_DEFAULTS));
    }

    private synchronized void shutdown() {
        say("Stopping...");
        services.values().parallelStream().forEach(ServiceProcess::stop);
        if (kafka != null) {
            kafka.stop();
        }
        if (postgres != null) {
            postgres.close();
        }
        say("Stopped.");
    }

    private void say(String message) {
        out.println("[local-stack ] " + message);
    }


    /** The local PostgreSQL: an existing server (LOCAL_POSTGRES_URL) or an embedded one with persistent data. */
    record LocalPostgres(PostgresServer server, String description, boolean owned) implements AutoCloseable {

        static LocalPostgres start(Path dataDirectory) {
            var url = System.getenv("LOCAL_POSTGRES_URL");
            var local = url != null && !url.isBlank()
                    ? new LocalPostgres(new ExistingPostgres(url, System.getenv().getOrDefault("LOCAL_POSTGRES_USER", "postgres"),
                    System.getenv().getOrDefault("LOCAL_POSTGRES_PASSWORD", "postgres")), "existing server from LOCAL_POSTGRES_URL", false)
                    : new LocalPostgres(EmbeddedPostgresServer.startPersistent(dataDirectory,
                    Integer.parseInt(System.getenv().getOrDefault("LOCAL_POSTGRES_PORT", "5432"))),
                    "embedded, data in " + dataDirectory, true);
            local.ensureRole();
            return local;
        }

        Database database(String name) {
            var database = server.ensureDatabase(name);
            try (var connection = DriverManager.getConnection(database.jdbcUrl(), server.username(), server.password());
                 var statement = connection.createStatement()) {
                statement.execute("ALTER DATABASE " + name + " OWNER TO " + USER);
                statement.execute("ALTER SCHEMA public OWNER TO " + USER);
            } catch (SQLException e) {
                throw new IllegalStateException("Cannot hand database " + name + " to " + USER, e);
            }
            return new Database(name, database.jdbcUrl(), USER, PASSWORD);
        }

        private void ensureRole() {
            try (var connection = DriverManager.getConnection(server.jdbcUrl("postgres"), server.username(), server.password());
                 var statement = connection.createStatement()) {
                statement.execute("""
                        DO $$ BEGIN
                          IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '%1$s') THEN
                            CREATE ROLE %1$s LOGIN PASSWORD '%2$s';
                          END IF;
                        END $$""".formatted(USER, PASSWORD));
            } catch (SQLException e) {
                throw new IllegalStateException("Cannot create role " + USER, e);
            }
        }

        @Override
        public void close() {
            if (owned) {
                server.close();
            }
        }
    }
}
