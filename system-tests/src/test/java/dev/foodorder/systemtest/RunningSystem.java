package dev.foodorder.systemtest;

import dev.foodorder.infrastructure.Directories;
import dev.foodorder.infrastructure.EmbeddedPostgresServer;
import dev.foodorder.infrastructure.KafkaProcess;
import dev.foodorder.infrastructure.Ports;
import dev.foodorder.infrastructure.local.JavaOptions;
import dev.foodorder.infrastructure.local.DemoTokens;
import dev.foodorder.infrastructure.local.ServiceProcess;
import dev.foodorder.infrastructure.local.SystemStack;
import dev.foodorder.infrastructure.local.ZipkinProcess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;


/**
 * The system under test, run the way it runs in production: the service jars (and the identity service's) as JVMs of
 * their own, a Kafka broker (KRaft) as a child process, and PostgreSQL with a database per service,
 * every one on a free port so that a developer's {@code ./run-local.sh} never clashes. Started by
 * the same {@link SystemStack} as {@code ./run-local.sh} and the benchmark.
 *
 * <p>Starting it all takes half a minute, so the scenarios share one running system and take
 * turns: each has customers of its own, and checks the books against what it saw before it began.
 * It is stopped after the last scenario, or by a shutdown hook if the JVM ends first.
 */
final class RunningSystem extends SystemUnderTest implements AutoCloseable {

    static final String IDENTITY = SystemStack.IDENTITY.name();
    static final String ORDER = SystemStack.ORDER.name();
    static final String INVENTORY = SystemStack.INVENTORY.name();
    static final String SECOND_INVENTORY = SystemStack.SECOND_INVENTORY.name();
    static final String NOTIFICATION = SystemStack.NOTIFICATION.name();
    static final String ANALYTICS = SystemStack.ANALYTICS.name();

    /**
     * Kafka's default is 45 s: the time a crashed consumer keeps its partitions. Shortened so that a
     * takeover after a SIGKILL fits a test's budget; every other setting is the services' own.
     */
    static final Duration CONSUMER_SESSION_TIMEOUT = Duration.ofSeconds(10);

    /**
     * The notification service's default is 2 minutes: how long a notification stored by an instance
     * that then died waits before any instance delivers it. Shortened so that a crash's leftovers go
     * out within a test's budget; a delivery to the log takes milliseconds, far within it.
     */
    static final Duration NOTIFICATION_LEASE = Duration.ofSeconds(20);

    /** Notifications the dispatcher delivers in one round ({@code notifications.delivery.batch-size}, the service's default). */
    static final int NOTIFICATION_BATCH = 100;

    private static final Logger log = LoggerFactory.getLogger(RunningSystem.class);
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

    private final Path directory;
    private final Map<String, WatchedLog> logs = new ConcurrentHashMap<>();
    private final ZipkinProcess zipkin;
    private final SystemStack stack;
    private final DemoTokens tokens;

    private RunningSystem(Path directory, Path zipkinJar) {
        this.directory = directory;
        Directories.deleteRecursively(directory);
        Directories.create(logs());
        // The services export the traces they sample (one in ten by default, and every trace whose caller asked).
        this.zipkin = ZipkinProcess.start(zipkinJar, Ports.free());
        this.stack = SystemStack.builder(Path.of(System.getProperty("project.root", "..")).toAbsolutePath().normalize())
                .dataDirectory(directory.resolve("stack"))
                .fresh(true)
                .freePorts(true)
                .environment(Map.of("MANAGEMENT_TRACING_EXPORT_ZIPKIN_ENDPOINT", zipkin.spansEndpoint()))
                // C1 only, as run-local.sh: the scenarios restart services often and run them briefly, so start-up is what counts.
                .javaOptions(JavaOptions.service(System.getenv(), JavaOptions.QUICK_START))
                .instanceEnvironment(RunningSystem::instanceEnvironment)
                .logs(instance -> logs.computeIfAbsent(instance.name(), this::openLog))
                .build();
        this.tokens = new DemoTokens(stack.issuer());
    }

    /** What each instance gets beyond what a deployment gives it; the instances of {@link ClusteredSystem} too. */
    static Map<String, String> instanceEnvironment(SystemStack.Instance instance) {
        var environment = new HashMap<String, String>();
        // Names the instance's consumers, so a scenario can see which instance holds which partition.
        environment.put("SPRING_KAFKA_CONSUMER_CLIENT_ID", instance.name());
        environment.put("SPRING_KAFKA_CONSUMER_PROPERTIES_SESSION_TIMEOUT_MS", String.valueOf(CONSUMER_SESSION_TIMEOUT.toMillis()));
        // Each redelivered event a consumer drops as handled before is logged at DEBUG ("n of m events were
        // handled before"): no metric counts them, and the scenarios report how many came again.
        environment.put("LOGGING_LEVEL_DEV_FOODORDER_MESSAGING_CONSUMER", "DEBUG");
        if (instance.module().equals(SystemStack.NOTIFICATION.module())) {
            environment.put("NOTIFICATIONS_DELIVERY_LEASE", NOTIFICATION_LEASE.toString());
            // The log is the customers' inbox here: at DEBUG it names every notification it delivers, so a
            // scenario can count what reached a customer twice.
            environment.put("LOGGING_LEVEL_DEV_FOODORDER_NOTIFICATION_DELIVERY", "DEBUG");
        }
        return environment;
    }

    static RunningSystem start() {
        var build = Path.of(System.getProperty("project.build.directory", "target"));
        var system = new RunningSystem(build.resolve("system-test-stack"), build.resolve("zipkin").resolve("zipkin-server-exec.jar"));
        Runtime.getRuntime().addShutdownHook(new Thread(system::close, "running-system-shutdown"));
        system.stack.start();
        system.zipkin.awaitReady(READY_TIMEOUT);
        log.info("System under test ready in {} s: Kafka at {}, PostgreSQL at {}, services {}; logs in {}",
                Math.round(system.stack.readySeconds()), system.kafkaBootstrapServers(), system.stack.postgres().jdbcUrl("postgres"),
                system.stack.names().stream().map(name -> name + ":" + system.stack.service(name).port()).toList(), system.logs());
        return system;
    }

    OrderApi orders() {
        return new OrderApi(http(ORDER));
    }

    InventoryApi inventory() {
        return new InventoryApi(http(INVENTORY));
    }

    NotificationApi notifications() {
        return new NotificationApi(http(NOTIFICATION));
    }

    AnalyticsApi analytics() {
        return new AnalyticsApi(http(ANALYTICS));
    }

    /** Where the analytics service keeps its Kafka Streams state stores. */
    Path analyticsState() {
        return stack.stateDirectory(SystemStack.ANALYTICS);
    }

    /** The HTTP API of one running instance, as staff (a customer's requests: {@link Http#as}). */
    Http http(String name) {
        return new Http(stack.service(name).port(), stack.service(name).managementPort(), tokens::staff);
    }

    /** The identity service's URL, the {@code iss} of its tokens. */
    String issuer() {
        return stack.issuer();
    }

    /** Tokens from the system's identity service. */
    DemoTokens tokens() {
        return tokens;
    }

    ServiceProcess process(String name) {
        return stack.service(name);
    }

    /** The trace server the services export their sampled spans to. */
    Http zipkin() {
        return new Http(URI.create(zipkin.api()).getPort());
    }

    KafkaProcess broker() {
        return stack.kafka();
    }

    /** The one PostgreSQL server every service's database lives on: stopping it takes them all away at once. */
    EmbeddedPostgresServer postgres() {
        if (stack.postgres() instanceof EmbeddedPostgresServer embedded) {
            return embedded;
        }
        throw new IllegalStateException("The system under test runs on an embedded PostgreSQL server");
    }

    /**
     * A connection to a service's database as the server's superuser, for a scenario that looks behind the
     * service (what it has processed) or breaks it on purpose (a trigger that fails).
     */
    Connection connectTo(SystemStack.Instance service) throws SQLException {
        var server = postgres();
        return DriverManager.getConnection(server.jdbcUrl(service.database()), server.username(), server.password());
    }

    String kafkaBootstrapServers() {
        return stack.kafka().bootstrapServers();
    }

    /** What a client of the test needs to reach the secured broker: its address and the stack's admin login. */
    Map<String, Object> kafkaClient() {
        return stack.kafka().adminProperties();
    }

    /** Starts a second inventory instance on a port of its own, sharing the first one's database and consumer group. */
    ServiceProcess startSecondInventory() {
        return stack.startInstance(SystemStack.SECOND_INVENTORY);
    }

    /** Starts a stopped or killed service again and waits until it is ready; returns the seconds it took. */
    double restart(String name) {
        var process = process(name);
        process.start();
        return process.awaitReady(READY_TIMEOUT);
    }

    /**
     * Brings the system back to its normal shape before a scenario: broker and the four services
     * running, no second inventory instance, and no order still waiting for an answer. A scenario
     * that failed half-way must not leave the next one a broken system.
     */
    synchronized void makeWhole() {
        if (!postgres().isRunning()) {
            log.warn("PostgreSQL was down; starting it");
            postgres().start();
        }
        if (broker().isPaused()) {
            log.warn("The broker was frozen; letting it run on");
            broker().resume();
        }
        if (!broker().isRunning()) {
            log.warn("The broker was down; starting it");
            broker().start();
        }
        if (stack.names().contains(SECOND_INVENTORY)) {
            process(SECOND_INVENTORY).stop();
        }
        for (var name : List.of(ORDER, INVENTORY, NOTIFICATION, ANALYTICS)) {
            if (!process(name).isRunning()) {
                log.warn("{} was down; starting it", name);
                restart(name);
            }
        }
        awaitNoOrderPending();
    }

    /** Writes a line into every service's log, so that a log can be read scenario by scenario. */
    void mark(String text) {
        var line = "%n===== %s  %s =====%n".formatted(LocalTime.now().truncatedTo(ChronoUnit.MILLIS), text);
        logs.values().forEach(log -> log.print(line));
    }

    Path logs() {
        return directory.resolve("logs");
    }

    /** What the services wrote to their logs since the mark (see {@link #mark}). */
    ServiceLogs logsSince(String mark) {
        return new ServiceLogs(logs(), mark);
    }

    /**
     * The next line the instance writes to its log that matches, from now on; completes as the line is
     * written, in the thread that copies the instance's output.
     */
    CompletableFuture<String> nextLogLine(String name, Predicate<String> matching) {
        return nextLogLine(name, matching, () -> { });
    }

    /**
     * As {@link #nextLogLine(String, Predicate)}, and runs the action first, in the thread that copies
     * the instance's output, before it reads another line: for a scenario that must act at that very
     * point of the instance's work (kill it mid-delivery, say), without the wake-up of a thread of its own.
     */
    CompletableFuture<String> nextLogLine(String name, Predicate<String> matching, Runnable action) {
        return logs.computeIfAbsent(name, this::openLog).next(matching, action);
    }

    @Override
    public void close() {
        stack.close();
        zipkin.close();
        logs.values().forEach(PrintStream::close);
    }

    private WatchedLog openLog(String name) {
        try {
            return new WatchedLog(new FileOutputStream(logs().resolve(name + ".log").toFile(), true));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An instance's log file, whose lines a scenario can also wait for as they are written. */
    private static final class WatchedLog extends PrintStream {

        private final List<Watch> watches = new CopyOnWriteArrayList<>();

        WatchedLog(OutputStream file) {
            super(file, true, StandardCharsets.UTF_8);
        }

        CompletableFuture<String> next(Predicate<String> matching, Runnable action) {
            var watch = new Watch(matching, action, new CompletableFuture<>());
            watches.add(watch);
            return watch.seen();
        }

        @Override
        public void println(String line) {
            super.println(line);
            for (var watch : watches) {
                if (watch.matching().test(line) && watches.remove(watch)) {
                    try {
                        watch.action().run();
                        watch.seen().complete(line);
                    } catch (RuntimeException e) {
                        watch.seen().completeExceptionally(e);
                    }
                }
            }
        }

        private record Watch(Predicate<String> matching, Runnable action, CompletableFuture<String> seen) {
        }
    }

    /** Gives each scenario class the one running system, started on first use; before each class, makes it whole again. */
    static final class Extension extends SystemExtension<RunningSystem> {

        Extension() {
            super(RunningSystem.class, RunningSystem::start);
        }
    }
}
