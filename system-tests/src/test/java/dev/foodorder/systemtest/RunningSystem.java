package dev.foodorder.systemtest;

import dev.foodorder.events.Topics;
import dev.foodorder.infrastructure.Directories;
import dev.foodorder.infrastructure.EmbeddedPostgresServer;
import dev.foodorder.infrastructure.KafkaProcess;
import dev.foodorder.infrastructure.Ports;
import dev.foodorder.infrastructure.local.JavaOptions;
import dev.foodorder.infrastructure.local.ServiceProcess;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.awaitility.Awaitility.await;

/**
 * The system under test, run the way it runs in production: the three service jars as JVMs of
 * their own, a Kafka broker (KRaft) as a child process, and PostgreSQL with a database per service,
 * every one on a free port so that a developer's {@code ./run-local.sh} never clashes.
 *
 * <p>Starting it all takes half a minute, so the scenarios share one running system and take
 * turns: each has customers of its own, and checks the books against what it saw before it began.
 * It is stopped after the last scenario, or by a shutdown hook if the JVM ends first.
 */
final class RunningSystem implements AutoCloseable {

    static final String ORDER = "order";
    static final String INVENTORY = "inventory";
    static final String SECOND_INVENTORY = "inventory-2";
    static final String NOTIFICATION = "notification";

    /**
     * Kafka's default is 45 s: the time a crashed consumer keeps its partitions. Shortened so that a
     * takeover after a SIGKILL fits a test's budget; every other setting is the services' own.
     */
    static final Duration CONSUMER_SESSION_TIMEOUT = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(RunningSystem.class);
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

    private final Path directory;
    private final Path projectRoot;
    private final String version;
    private final Map<String, Service> services = new LinkedHashMap<>();
    private EmbeddedPostgresServer postgres;
    private KafkaProcess kafka;
    private boolean closed;

    private RunningSystem(Path directory, Path projectRoot, String version) {
        this.directory = directory;
        this.projectRoot = projectRoot;
        this.version = version;
    }

    static RunningSystem start() {
        var build = Path.of(System.getProperty("project.build.directory", "target"));
        var system = new RunningSystem(build.resolve("system-test-stack"),
                Path.of(System.getProperty("project.root", "..")).toAbsolutePath().normalize(),
                System.getProperty("project.version", "0.1.0-SNAPSHOT"));
        Runtime.getRuntime().addShutdownHook(new Thread(system::close, "running-system-shutdown"));
        try {
            system.startAll();
            return system;
        } catch (RuntimeException e) {
            system.close();
            throw e;
        }
    }

    private void startAll() {
        var started = System.nanoTime();
        Directories.deleteRecursively(directory);
        Directories.create(directory.resolve("logs"));
        var database = CompletableFuture.supplyAsync(() -> EmbeddedPostgresServer.startPersistent(directory.resolve("postgres"), Ports.free()));
        try {
            kafka = KafkaProcess.start(directory.resolve("kafka"), Ports.free());
        } finally {
            // Even when the broker did not start: then close() stops PostgreSQL too.
            postgres = database.join();
        }
        // Created up front, as a deployment would: no service has to win a race to create them.
        kafka.createTopics(Topics.DEFAULT_PARTITIONS, Topics.ORDERS, Topics.INVENTORY,
                Topics.deadLetter(Topics.ORDERS), Topics.deadLetter(Topics.INVENTORY));

        add(ORDER, "order-service", "orders");
        add(INVENTORY, "inventory-service", "inventory");
        add(NOTIFICATION, "notification-service", "notifications");
        ServiceProcess.startAll(services.values().stream().map(Service::process).toList());
        services.values().stream()
                .map(service -> CompletableFuture.runAsync(() -> service.process().awaitReady(READY_TIMEOUT)))
                .toList()
                .forEach(CompletableFuture::join);
        log.info("System under test ready in {} s: Kafka at {}, PostgreSQL at {}, services {}; logs in {}",
                (System.nanoTime() - started) / 1_000_000_000, kafka.bootstrapServers(), postgres.jdbcUrl("postgres"),
                services.values().stream().map(s -> s.name() + ":" + s.port()).toList(), directory.resolve("logs"));
    }

    OrderApi orders() {
        return new OrderApi(new Http(services.get(ORDER).port()));
    }

    InventoryApi inventory() {
        return new InventoryApi(new Http(services.get(INVENTORY).port()));
    }

    NotificationApi notifications() {
        return new NotificationApi(new Http(services.get(NOTIFICATION).port()));
    }

    /** The HTTP API of one running instance, for requests that are not about its content. */
    Http http(String name) {
        return new Http(services.get(name).port());
    }

    ServiceProcess process(String name) {
        var service = services.get(name);
        if (service == null) {
            throw new IllegalArgumentException("No service " + name + "; there are " + services.keySet());
        }
        return service.process();
    }

    KafkaProcess broker() {
        return kafka;
    }

    String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** Starts a second inventory instance on a port of its own, sharing the first one's database and consumer group. */
    synchronized ServiceProcess startSecondInventory() {
        if (!services.containsKey(SECOND_INVENTORY)) {
            add(SECOND_INVENTORY, "inventory-service", "inventory");
        }
        var second = services.get(SECOND_INVENTORY).process();
        second.start();
        second.awaitReady(READY_TIMEOUT);
        return second;
    }

    /** Starts a stopped or killed service again and waits until it is ready; returns the seconds it took. */
    double restart(String name) {
        var process = process(name);
        process.start();
        return process.awaitReady(READY_TIMEOUT);
    }

    /**
     * Brings the system back to its normal shape before a scenario: broker and the three services
     * running, no second inventory instance, and no order still waiting for an answer. A scenario
     * that failed half-way must not leave the next one a broken system.
     */
    synchronized void makeWhole() {
        if (!kafka.isRunning()) {
            log.warn("The broker was down; starting it");
            kafka.start();
        }
        if (services.containsKey(SECOND_INVENTORY)) {
            services.get(SECOND_INVENTORY).process().stop();
        }
        for (var name : List.of(ORDER, INVENTORY, NOTIFICATION)) {
            if (!process(name).isRunning()) {
                log.warn("{} was down; starting it", name);
                restart(name);
            }
        }
        var orders = orders();
        try {
            await("no order of an earlier scenario still pending").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500))
                    .until(() -> orders.countPending() == 0);
        } catch (ConditionTimeoutException e) {
            // The earlier scenario has failed for it already. This one goes on, though such an order may still move stock.
            log.warn("{} orders of earlier scenarios are still PENDING", orders.countPending());
        }
    }

    /** Writes a line into every service's log, so that a log can be read scenario by scenario. */
    void mark(String text) {
        var line = "%n===== %s  %s =====%n".formatted(LocalTime.now().truncatedTo(ChronoUnit.MILLIS), text);
        services.values().forEach(service -> service.log().print(line));
    }

    Path logs() {
        return directory.resolve("logs");
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        services.values().parallelStream().forEach(service -> service.process().stop());
        if (kafka != null) {
            kafka.stop();
        }
        if (postgres != null) {
            postgres.close();
        }
        services.values().forEach(service -> service.log().close());
    }

    private void add(String name, String module, String databaseName) {
        var database = postgres.ensureDatabase(databaseName);
        int port = Ports.free();
        var environment = ServiceProcess.deploymentEnvironment(port, database, kafka.bootstrapServers());
        // Names the instance's consumers, so a scenario can see which instance holds which partition.
        environment.put("SPRING_KAFKA_CONSUMER_CLIENT_ID", name);
        environment.put("SPRING_KAFKA_CONSUMER_PROPERTIES_SESSION_TIMEOUT_MS", String.valueOf(CONSUMER_SESSION_TIMEOUT.toMillis()));
        var jar = projectRoot.resolve(module).resolve("target").resolve(module + "-" + version + ".jar");
        var log = openLog(name);
        // C1 only, as run-local.sh: the scenarios restart services often and run them briefly, so start-up is what counts.
        var javaOptions = JavaOptions.service(System.getenv(), JavaOptions.QUICK_START);
        services.put(name, new Service(name, port, new ServiceProcess(name, jar, port, environment, log, javaOptions), log));
    }

    private PrintStream openLog(String name) {
        try {
            return new PrintStream(new FileOutputStream(logs().resolve(name + ".log").toFile(), true), true, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }



    private record Service(String name, int port, ServiceProcess process, PrintStream log) {
    }

    /**
     * Gives each scenario class the one running system, started on first use and closed by JUnit
     * when the whole run ends; before each class, makes it whole again.
     */
    static final class Extension implements BeforeAllCallback, ParameterResolver {

        private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RunningSystem.class);

        @Override
        public void beforeAll(ExtensionContext context) {
            system(context).makeWhole();
        }

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == RunningSystem.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return system(context);
        }

        private static RunningSystem system(ExtensionContext context) {
            return context.getRoot().getStore(NAMESPACE).computeIfAbsent(RunningSystem.class, type -> start(), RunningSystem.class);
        }
    }
}
