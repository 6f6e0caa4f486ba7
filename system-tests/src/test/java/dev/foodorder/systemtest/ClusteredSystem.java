package dev.foodorder.systemtest;

import dev.foodorder.infrastructure.Database;
import dev.foodorder.infrastructure.Directories;
import dev.foodorder.infrastructure.EmbeddedPostgresServer;
import dev.foodorder.infrastructure.KafkaCluster;
import dev.foodorder.infrastructure.Ports;
import dev.foodorder.infrastructure.StackTopics;
import dev.foodorder.infrastructure.local.JavaOptions;
import dev.foodorder.infrastructure.local.DemoTokens;
import dev.foodorder.infrastructure.local.ServiceProcess;
import dev.foodorder.infrastructure.local.SystemStack;
import org.awaitility.core.ConditionTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.FileNotFoundException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * The system in another shape than the {@link RunningSystem} most scenarios share, for the scenarios
 * about the network and the broker's replication: a Kafka cluster of three KRaft nodes
 * ({@link KafkaCluster}) with every topic replicated three times and {@code min.insync.replicas} 2,
 * PostgreSQL, and the services an order passes through (order, inventory, notification; the books need
 * no analytics). The inventory reaches PostgreSQL and every broker through a {@link SilentProxy} of its
 * own, which a scenario can cut; the other services connect directly.
 *
 * <p>Settings that differ from the services' defaults, beyond those of the running system
 * ({@link RunningSystem#instanceEnvironment}): each service declares its topics with three replicas
 * ({@code MESSAGING_TOPICS_REPLICATIONFACTOR}, as a deployment on such a cluster must), and the
 * inventory's consumer may spend at most {@value #MAX_POLL_INTERVAL_SECONDS} s between polls (Kafka's
 * default is five minutes), so that a batch slowed past it fits a test's budget.
 *
 * <p>Started by the first scenario that asks for it, and stopped when the whole run ends.
 */
final class ClusteredSystem extends SystemUnderTest implements AutoCloseable {

    static final String ORDER = SystemStack.ORDER.name();
    static final String INVENTORY = SystemStack.INVENTORY.name();
    static final String NOTIFICATION = SystemStack.NOTIFICATION.name();
    static final int MAX_POLL_INTERVAL_SECONDS = 10;
    /** The listener the brokers advertise at the inventory's proxies. */
    private static final String PROXIED_LISTENER = "PROXIED";
    private static final int NODES = 3;
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);
    private static final Logger log = LoggerFactory.getLogger(ClusteredSystem.class);

    private final Path directory;
    private final Map<String, PrintStream> logs = new LinkedHashMap<>();
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    private final List<SilentProxy> brokerLinks = new ArrayList<>();
    private EmbeddedPostgresServer postgres;
    private SilentProxy databaseLink;
    private KafkaCluster kafka;
    private Database inventoryDatabase;
    /** Chosen first: every other service is told where the tokens' issuer is. */
    private final int identityPort = Ports.free();
    private final DemoTokens tokens = new DemoTokens(SystemStack.issuerAt(identityPort));

    private ClusteredSystem(Path directory) {
        this.directory = directory;
    }

    static ClusteredSystem start() {
        var build = Path.of(System.getProperty("project.build.directory", "target"));
        var system = new ClusteredSystem(build.resolve("clustered-system"));
        Runtime.getRuntime().addShutdownHook(new Thread(system::close, "clustered-system-shutdown"));
        try {
            system.launch();
        } catch (RuntimeException e) {
            system.close();
            throw e;
        }
        return system;
    }

    private void launch() {
        var started = System.nanoTime();
        Directories.deleteRecursively(directory);
        Directories.create(logs());
        var database = CompletableFuture.supplyAsync(EmbeddedPostgresServer::startTemporary);
        var routes = new ArrayList<KafkaCluster.Route>();
        for (int node = 1; node <= NODES; node++) {
            var listenerPort = Ports.free();
            var link = new SilentProxy("inventory-broker-" + node, listenerPort);
            brokerLinks.add(link);
            routes.add(new KafkaCluster.Route(listenerPort, link.port()));
        }
        try {
            kafka = KafkaCluster.builder(directory.resolve("kafka")).nodes(NODES).listenerThrough(PROXIED_LISTENER, routes)
                    .secured().start();
        } finally {
            postgres = database.join();
        }
        StackTopics.create(kafka.adminProperties(), kafka.replicationFactor());
        databaseLink = new SilentProxy("inventory-postgres", URI.create(postgres.jdbcUrl("postgres").substring("jdbc:".length())).getPort());
        var root = Path.of(System.getProperty("project.root", "..")).toAbsolutePath().normalize();
        for (var instance : List.of(SystemStack.IDENTITY, SystemStack.ORDER, SystemStack.INVENTORY, SystemStack.NOTIFICATION)) {
            add(root, instance);
        }
        ServiceProcess.startAll(services.values());
        services.values().stream().map(service -> CompletableFuture.runAsync(() -> service.awaitReady(READY_TIMEOUT))).toList()
                .forEach(CompletableFuture::join);
        log.info("Clustered system ready in {} s: Kafka nodes at {} (the inventory's proxies at {}), services {}; logs in {}",
                Math.round((System.nanoTime() - started) / 1e9), kafka.bootstrapServers(), kafka.bootstrapServersThrough(),
                services.values().stream().map(service -> service.name() + ":" + service.port()).toList(), logs());
    }

    private void add(Path root, SystemStack.Instance instance) {
        var database = SystemStack.serviceDatabase(postgres, instance.database());
        var bootstrapServers = kafka.bootstrapServers();
        if (instance.equals(SystemStack.INVENTORY)) {
            inventoryDatabase = database;
            database = new Database(database.name(), "jdbc:postgresql://127.0.0.1:%d/%s".formatted(databaseLink.port(), database.name()),
                    database.username(), database.password());
            bootstrapServers = kafka.bootstrapServersThrough();
        }
        var environment = ServiceProcess.deploymentEnvironment(
                instance.equals(SystemStack.IDENTITY) ? identityPort : Ports.free(), Ports.free(), database, bootstrapServers);
        environment.putAll(SystemStack.kafkaLogin(instance));
        environment.putAll(RunningSystem.instanceEnvironment(instance));
        if (instance.equals(SystemStack.IDENTITY)) {
            environment.put("SPRING_SECURITY_OAUTH2_AUTHORIZATIONSERVER_ISSUER", issuer());
            environment.put("IDENTITY_DEMO_ENABLED", "true");
        } else {
            environment.putAll(SystemStack.tokensOf(issuer()));
        }
        environment.put("MESSAGING_TOPICS_REPLICATIONFACTOR", String.valueOf(kafka.replicationFactor()));
        if (instance.equals(SystemStack.INVENTORY)) {
            environment.put("SPRING_KAFKA_CONSUMER_PROPERTIES_MAX_POLL_INTERVAL_MS", String.valueOf(MAX_POLL_INTERVAL_SECONDS * 1000));
        }
        var jar = root.resolve(instance.module()).resolve("target").resolve(instance.module() + ".jar");
        var port = Integer.parseInt(environment.get("SERVER_PORT"));
        services.put(instance.name(), new ServiceProcess(instance.name(), jar, port, environment, openLog(instance.name()),
                JavaOptions.service(System.getenv(), JavaOptions.QUICK_START)));
    }

    @Override
    OrderApi orders() {
        return new OrderApi(http(ORDER));
    }

    @Override
    InventoryApi inventory() {
        return new InventoryApi(http(INVENTORY));
    }

    @Override
    NotificationApi notifications() {
        return new NotificationApi(http(NOTIFICATION));
    }

    /** The HTTP API of one instance, as staff. */
    Http http(String name) {
        return new Http(process(name).port(), process(name).managementPort(), tokens::staff);
    }

    private String issuer() {
        return SystemStack.issuerAt(identityPort);
    }

    ServiceProcess process(String name) {
        var service = services.get(name);
        if (service == null) {
            throw new IllegalArgumentException("No service " + name + "; there are " + services.keySet());
        }
        return service;
    }

    KafkaCluster kafka() {
        return kafka;
    }

    /** The inventory's way to PostgreSQL. */
    SilentProxy inventoryToDatabase() {
        return databaseLink;
    }

    /** The inventory's ways to the brokers, one per node. */
    List<SilentProxy> inventoryToBrokers() {
        return List.copyOf(brokerLinks);
    }

    /** The inventory's database, reached directly (not through its proxy), as the services' role. */
    Database inventoryDatabase() {
        return inventoryDatabase;
    }

    /** Starts a stopped or killed service again and waits until it is ready; returns the seconds it took. */
    double restart(String name) {
        var process = process(name);
        process.start();
        return process.awaitReady(READY_TIMEOUT);
    }

    /**
     * The instance's threads, platform and virtual, and what each is doing ({@code jcmd Thread.dump_to_file}),
     * for a scenario to see where a service that does not recover is stuck. Kept beside the logs.
     */
    String threadDump(String name) {
        var jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        var file = logs().resolve("%s-threads-%s.txt".formatted(name, LocalTime.now().truncatedTo(ChronoUnit.SECONDS).toString().replace(':', '-')));
        try {
            var dump = new ProcessBuilder(jcmd, Long.toString(process(name).pid()), "Thread.dump_to_file", "-overwrite", file.toString())
                    .redirectErrorStream(true).start();
            var output = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!dump.waitFor(30, TimeUnit.SECONDS) || !Files.exists(file)) {
                throw new IllegalStateException("No thread dump of " + name + ": " + output);
            }
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Brings the system back to its normal shape before a scenario: the network whole, every node and
     * service running, and no order still waiting for an answer. A scenario that failed half-way must
     * not leave the next one a broken system.
     */
    synchronized void makeWhole() {
        Stream.concat(Stream.of(databaseLink), brokerLinks.stream()).filter(SilentProxy::isPartitioned).forEach(link -> {
            log.warn("The inventory's network was cut; healing it");
            link.heal();
        });
        for (var node : kafka.nodeIds()) {
            if (!kafka.isRunning(node)) {
                log.warn("Kafka node {} was down; starting it", node);
                kafka.start(node);
            }
        }
        for (var name : services.keySet()) {
            if (!process(name).isRunning()) {
                log.warn("{} was down; starting it", name);
                restart(name);
            }
        }
        if (!answersFromItsDatabase(INVENTORY)) {
            // A cut that left it stuck on a dead connection (scenario 21) heals only by a restart.
            log.warn("{} does not answer from its database; restarting it", INVENTORY);
            process(INVENTORY).kill();
            restart(INVENTORY);
        }
        awaitNoOrderPending();
    }

    /** Whether the instance answers a request that needs its database (its readiness checks it) within a few seconds. */
    private boolean answersFromItsDatabase(String name) {
        try {
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> http(name).actuator("/actuator/health/readiness").status() == 200);
            return true;
        } catch (ConditionTimeoutException | UncheckedIOException e) {
            return false;
        }
    }

    @Override
    synchronized void mark(String text) {
        var line = "%n===== %s  %s =====%n".formatted(LocalTime.now().truncatedTo(ChronoUnit.MILLIS), text);
        logs.values().forEach(log -> log.print(line));
    }

    @Override
    ServiceLogs logsSince(String mark) {
        return new ServiceLogs(logs(), mark);
    }

    @Override
    Path logs() {
        return directory.resolve("logs");
    }

    /**
     * How many lines the instance logged that hold the text, since the mark of the scenario: the
     * Kafka clients' warnings, which no metric counts.
     */
    long logLinesSince(String name, int scenario, String containing) {
        var marker = "Scenario " + scenario + ": ";
        try (var lines = Files.lines(logs().resolve(name + ".log"), StandardCharsets.UTF_8)) {
            var count = 0L;
            for (var line : (Iterable<String>) lines::iterator) {
                if (line.contains(marker) && line.startsWith("=====")) {
                    count = 0;
                } else if (line.contains(containing)) {
                    count++;
                }
            }
            return count;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() {
        services.values().parallelStream().forEach(ServiceProcess::stop);
        services.clear();
        if (kafka != null) {
            kafka.close();
            kafka = null;
        }
        Stream.concat(Stream.ofNullable(databaseLink), brokerLinks.stream()).forEach(SilentProxy::close);
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
        logs.values().forEach(PrintStream::close);
    }

    private PrintStream openLog(String name) {
        try {
            var stream = new PrintStream(new FileOutputStream(logs().resolve(name + ".log").toFile(), true), true, StandardCharsets.UTF_8);
            logs.put(name, stream);
            return stream;
        } catch (FileNotFoundException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Gives each scenario class the one clustered system, started on first use; before each class, makes it whole again. */
    static final class Extension extends SystemExtension<ClusteredSystem> {

        Extension() {
            super(ClusteredSystem.class, ClusteredSystem::start);
        }
    }
}
