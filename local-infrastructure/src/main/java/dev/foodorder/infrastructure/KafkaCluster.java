package dev.foodorder.infrastructure;

import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A Kafka cluster of several KRaft nodes on one machine, each a child process that is both a broker
 * and a voter of the controller quorum (a static quorum, {@code controller.quorum.voters}): what a
 * single {@link KafkaProcess} cannot show, that replicated topics lose nothing when one broker dies
 * and the others carry on. Topics are replicated to three nodes (or to all, if fewer) and an
 * acknowledged write needs all but one of them ({@code min.insync.replicas}), internal topics too, as
 * a production cluster is set up.
 *
 * <p>A client that must reach the brokers through something in between (a proxy, a load balancer)
 * gets a listener of its own ({@link Builder#listenerThrough}): each node binds it on one port and
 * advertises another, so that the client, which connects to the advertised addresses after the
 * first metadata request, goes through the thing in between for every broker, not just the first.
 *
 * <p>Plain unless {@link Builder#secured()}: then every listener but the controllers' takes SASL/SCRAM
 * logins, the brokers replicate as {@link KafkaAcls#ADMIN}, and clients may do what {@link KafkaAcls} grants.
 */
public final class KafkaCluster implements KafkaServer {

    private static final String CONTROLLER = "CONTROLLER";
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(2);

    private final Path directory;
    private final List<Node> nodes;
    private final String extraListener;
    private final short replicationFactor;
    private final int minInSyncReplicas;
    private final BrokerSecurity security;
    /** The listener every other client and the brokers among themselves use. */
    private final String commonListener;

    /**
     * A listener's port on one node, and the port it is advertised at: where the thing in between
     * listens and forwards to {@code port}.
     */
    public record Route(int port, int advertisedPort) {
    }

    private KafkaCluster(Builder settings) {
        this.directory = settings.directory;
        this.extraListener = settings.listener;
        this.replicationFactor = (short) Math.min(3, settings.nodes);
        this.minInSyncReplicas = Math.max(1, replicationFactor - 1);
        this.security = settings.security;
        this.commonListener = security.clientProtocol();
        this.nodes = IntStream.rangeClosed(1, settings.nodes)
                .mapToObj(id -> new Node(id, directory.resolve("node-" + id), Ports.free(), Ports.free(),
                        settings.routes.isEmpty() ? null : settings.routes.get(id - 1)))
                .toList();
    }

    public static Builder builder(Path directory) {
        return new Builder(directory);
    }

    /** Every node's address on the common listener. */
    @Override
    public String bootstrapServers() {
        return nodes.stream().map(node -> "127.0.0.1:" + node.port).collect(Collectors.joining(","));
    }

    /** Every node's advertised address on the listener reached through something in between. */
    public String bootstrapServersThrough() {
        if (extraListener == null) {
            throw new IllegalStateException("The cluster has no listener reached through something in between");
        }
        return nodes.stream().map(node -> "127.0.0.1:" + node.route.advertisedPort()).collect(Collectors.joining(","));
    }

    /** The nodes' ids, 1 to n. */
    public List<Integer> nodeIds() {
        return nodes.stream().map(node -> node.id).toList();
    }

    /** How many nodes hold a copy of each partition of a topic created here, and of the internal topics. */
    public short replicationFactor() {
        return replicationFactor;
    }

    public int minInSyncReplicas() {
        return minInSyncReplicas;
    }

    /** Kills one node at once (SIGKILL), as a crash or a lost machine would. */
    public void kill(int nodeId) {
        node(nodeId).kill();
    }

    /** Starts a node again after {@link #kill}, with its data; it catches up with the others by itself. */
    public void start(int nodeId) {
        node(nodeId).start();
        awaitNodes(nodes.size());
    }

    public boolean isRunning(int nodeId) {
        return node(nodeId).isRunning();
    }

    /** Creates the topics that do not exist yet, replicated as the cluster's defaults say. */
    public void createTopics(int partitions, String... names) {
        StackTopics.createMissing(adminProperties(),
                Stream.of(names).map(name -> new NewTopic(name, partitions, replicationFactor)).toList());
    }

    /** An admin client on the common listener, for a caller to look at the cluster with; the admin's if secured. */
    public Admin admin() {
        var properties = new HashMap<>(adminProperties());
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
        return Admin.create(properties);
    }

    /** What a client of the stack's own needs to reach the cluster: its addresses and, if it is secured, the admin's login. */
    public Map<String, Object> adminProperties() {
        var properties = new HashMap<String, Object>(security.adminClientProperties());
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return properties;
    }

    /** Stops every node (SIGTERM, all at once: one by one, each would wait for the others to take its partitions). */
    @Override
    public void close() {
        nodes.parallelStream().forEach(Node::stop);
    }

    private KafkaCluster launch() {
        try {
            var clusterId = Uuid.randomUuid().toString();
            for (var node : nodes) {
                node.format(clusterId);
            }
            // Together: a node waits for a majority of the quorum before it serves anything.
            nodes.forEach(Node::start);
            awaitNodes(nodes.size());
            try (var admin = admin()) {
                security.apply(admin);
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        return this;
    }

    private void awaitNodes(int count) {
        var deadline = Instant.now().plus(READY_TIMEOUT);
        try (var admin = admin()) {
            while (Instant.now().isBefore(deadline)) {
                for (var node : nodes) {
                    node.requireAlive();
                }
                try {
                    if (admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size() >= count) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    // not ready yet
                }
                Thread.sleep(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("Kafka cluster: %d brokers not up within %s; see %s".formatted(count, READY_TIMEOUT, directory));
    }

    private Node node(int nodeId) {
        return nodes.stream().filter(node -> node.id == nodeId).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No node " + nodeId + "; there are " + nodeIds()));
    }

    private String voters() {
        return nodes.stream().map(node -> "%d@127.0.0.1:%d".formatted(node.id, node.controllerPort)).collect(Collectors.joining(","));
    }

    /** One node: a broker and a controller in one process. */
    private final class Node {

        private final int id;
        private final Path directory;
        private final int port;
        private final int controllerPort;
        private final Route route;
        private Process process;

        Node(int id, Path directory, int port, int controllerPort, Route route) {
            this.id = id;
            this.directory = directory;
            this.port = port;
            this.controllerPort = controllerPort;
            this.route = route;
        }

        synchronized void start() {
            if (isRunning()) {
                return;
            }
            try {
                var config = writeConfig();
                process = KafkaProcess.java(List.of("kafka.Kafka", config.toString()))
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("kafka.log").toFile()))
                        .redirectErrorStream(true)
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot start Kafka node " + id + " in " + directory, e);
            }
        }

        synchronized void stop() {
            if (process != null) {
                Processes.stop(process, Duration.ofSeconds(30), Duration.ofSeconds(10));
                process = null;
            }
        }

        synchronized void kill() {
            if (process != null) {
                Processes.kill(process, Duration.ofSeconds(10));
                process = null;
            }
        }

        synchronized boolean isRunning() {
            return process != null && process.isAlive();
        }

        synchronized void requireAlive() {
            if (process != null && !process.isAlive()) {
                throw new IllegalStateException("Kafka node %d exited with %d; see %s".formatted(id, process.exitValue(),
                        directory.resolve("kafka.log")));
            }
        }

        /** In this JVM, as {@link KafkaProcess} does: a JVM per node would cost seconds each. */
        void format(String clusterId) {
            try {
                Files.createDirectories(directory);
                var config = writeConfig();
                var log = directory.resolve("format.log");
                int exitCode;
                try (var output = new PrintStream(Files.newOutputStream(log), true, StandardCharsets.UTF_8)) {
                    // No --standalone: the quorum is the static one the configuration names.
                    var arguments = new ArrayList<>(List.of("format", "-t", clusterId, "-c", config.toString()));
                    arguments.addAll(security.formatArguments());
                    exitCode = StorageTool.execute(arguments.toArray(String[]::new), output);
                }
                if (exitCode != 0) {
                    throw new IllegalStateException("Formatting Kafka node %d failed; see %s".formatted(id, log));
                }
                security.formatted(directory);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private Path writeConfig() throws IOException {
            var listeners = new LinkedHashMap<String, String>();
            listeners.put(commonListener, "127.0.0.1:" + port);
            listeners.put(CONTROLLER, "127.0.0.1:" + controllerPort);
            var advertised = new LinkedHashMap<String, String>();
            advertised.put(commonListener, "127.0.0.1:" + port);
            if (route != null) {
                listeners.put(extraListener, "127.0.0.1:" + route.port());
                advertised.put(extraListener, "127.0.0.1:" + route.advertisedPort());
            }
            var config = directory.resolve("server.properties");
            Files.writeString(config, """
                    process.roles=broker,controller
                    node.id=%d
                    controller.quorum.voters=%s
                    listeners=%s
                    advertised.listeners=%s
                    controller.listener.names=%s
                    inter.broker.listener.name=%s
                    listener.security.protocol.map=%s
                    log.dirs=%s
                    num.partitions=6
                    auto.create.topics.enable=true
                    default.replication.factor=%9$d
                    min.insync.replicas=%10$d
                    offsets.topic.replication.factor=%9$d
                    offsets.topic.num.partitions=6
                    transaction.state.log.replication.factor=%9$d
                    transaction.state.log.min.isr=%10$d
                    share.coordinator.state.topic.replication.factor=%9$d
                    share.coordinator.state.topic.min.isr=%10$d
                    group.initial.rebalance.delay.ms=0
                    log.cleaner.dedupe.buffer.size=16777216
                    """.formatted(id, voters(), join(listeners), join(advertised), CONTROLLER, commonListener,
                    listeners.keySet().stream().map(name -> name + ":" + protocol(name)).collect(Collectors.joining(",")),
                    KafkaProcess.propertiesPath(directory.resolve("data")), replicationFactor, minInSyncReplicas)
                    + security.settings(listeners.keySet().stream().filter(name -> !name.equals(CONTROLLER)).toList()));
            return config;
        }

        private String protocol(String listener) {
            return listener.equals(CONTROLLER) ? security.controllerProtocol() : security.clientProtocol();
        }

        private static String join(Map<String, String> listeners) {
            return listeners.entrySet().stream().map(entry -> entry.getKey() + "://" + entry.getValue()).collect(Collectors.joining(","));
        }
    }

    /** What the cluster looks like; {@link #start()} starts it. */
    public static final class Builder {

        private final Path directory;
        private int nodes = 3;
        private String listener;
        private List<Route> routes = List.of();
        private BrokerSecurity security = BrokerSecurity.NONE;

        private Builder(Path directory) {
            this.directory = directory;
        }

        public Builder nodes(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("A cluster needs a node");
            }
            this.nodes = count;
            return this;
        }

        /**
         * A listener for clients that reach the brokers through something in between: node {@code i}
         * (1 to n) binds it on {@code routes.get(i - 1).port()} and advertises {@code advertisedPort()}.
         */
        public Builder listenerThrough(String name, List<Route> routes) {
            this.listener = name.toUpperCase();
            this.routes = new ArrayList<>(routes);
            return this;
        }

        /** Clients log in with SASL/SCRAM and may do only what {@link KafkaAcls} grants them; the stack is {@link KafkaAcls#ADMIN}. */
        public Builder secured() {
            this.security = BrokerSecurity.SCRAM;
            return this;
        }

        /** Formats every node's storage, starts them and waits until every broker is up. */
        public KafkaCluster start() {
            if (!routes.isEmpty() && routes.size() != nodes) {
                throw new IllegalArgumentException("One route per node: %d nodes, %d routes".formatted(nodes, routes.size()));
            }
            return new KafkaCluster(this).launch();
        }
    }
}
