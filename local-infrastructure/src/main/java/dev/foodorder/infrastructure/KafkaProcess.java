package dev.foodorder.infrastructure;

import dev.foodorder.infrastructure.local.JavaOptions;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Apache Kafka broker in KRaft mode (combined broker and controller), run as a child
 * process from the Kafka jars on this JVM's classpath: the same {@code kafka.Kafka} main class
 * the distribution's scripts start. Its data lives in a directory of its own, so it can be
 * stopped, killed and started again with its topics and committed offsets intact.
 *
 * <p>Plain by default: no authentication, no authorizer. {@link #startSecured} starts one whose clients
 * log in with SASL/SCRAM and may do only what {@link KafkaAcls} grants them.
 */
public final class KafkaProcess implements KafkaServer {

    private final Path directory;
    private final int port;
    private final int controllerPort;
    private final BrokerSecurity security;
    private Process process;
    private boolean paused;

    private KafkaProcess(Path directory, int port, int controllerPort, BrokerSecurity security) {
        this.directory = directory;
        this.port = port;
        this.controllerPort = controllerPort;
        this.security = security;
    }

    /**
     * Starts a broker on the given port, formatting its storage first if it is new.
     *
     * @param directory where the broker keeps its configuration and data
     * @param port      the client port (the controller uses a free port of its own)
     */
    public static KafkaProcess start(Path directory, int port) {
        var broker = new KafkaProcess(directory, port, Ports.free(), BrokerSecurity.NONE);
        broker.start();
        return broker;
    }

    /**
     * Starts a broker whose clients log in with SASL/SCRAM-SHA-512 ({@link KafkaAcls#clientProperties}) and
     * may do only what {@link KafkaAcls} grants them; the stack itself is {@link KafkaAcls#ADMIN}, a super
     * user. Its storage, if it has one already, must have been formatted secured too.
     *
     * @param directory where the broker keeps its configuration and data
     * @param port      the client port (the controller uses a free port of its own)
     */
    public static KafkaProcess startSecured(Path directory, int port) {
        var broker = new KafkaProcess(directory, port, Ports.free(), BrokerSecurity.SCRAM);
        broker.start();
        return broker;
    }

    @Override
    public String bootstrapServers() {
        return bootstrapServersAt(port);
    }

    /** Where a broker on this client port is, before it has started: for what is configured while it starts. */
    public static String bootstrapServersAt(int port) {
        return "127.0.0.1:" + port;
    }

    /** Whether clients must log in: {@link #startSecured}. */
    public boolean isSecured() {
        return security != BrokerSecurity.NONE;
    }

    /** What a client of the stack's own needs to reach the broker: its address and, if it is secured, the admin's login. */
    public Map<String, Object> adminProperties() {
        var properties = new HashMap<String, Object>(security.adminClientProperties());
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return properties;
    }

    /** Starts the broker again after {@link #stop()} or {@link #kill()}, with the same data and port. */
    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        try {
            Files.createDirectories(directory);
            var config = writeConfig();
            writeKcatConfig();
            if (Files.exists(directory.resolve("data").resolve("meta.properties"))) {
                security.requireUsable(directory);
            } else {
                format(config);
            }
            process = java(List.of("kafka.Kafka", config.toString()))
                    .redirectOutput(directory.resolve("kafka.log").toFile())
                    .redirectErrorStream(true)
                    .start();
            awaitReady(Duration.ofSeconds(60));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start Kafka in " + directory, e);
        }
    }

    /** Stops the broker cleanly (SIGTERM; on Windows at once, and its log is recovered at the next start) and waits for it. */
    public synchronized void stop() {
        if (process != null) {
            // A frozen broker would take the SIGTERM only once it runs again.
            resume();
            Processes.stop(process, Duration.ofSeconds(30), Duration.ofSeconds(10));
            process = null;
        }
    }

    /** Kills the broker at once (SIGKILL), as a crash would; frozen or not. */
    public synchronized void kill() {
        if (process != null) {
            Processes.kill(process, Duration.ofSeconds(10));
            process = null;
            paused = false;
        }
    }

    /**
     * Freezes the broker (SIGSTOP) until {@link #resume()}: it answers nothing, and what clients send
     * it waits in its sockets, so a client can be caught between its work and its next request to the
     * broker (committing its offsets, say). Not on Windows.
     */
    public synchronized void pause() {
        if (!isRunning()) {
            throw new IllegalStateException("The broker is not running");
        }
        Processes.suspend(process);
        paused = true;
    }

    /** Lets a {@link #pause() frozen} broker run on (SIGCONT); nothing if it is not frozen. */
    public synchronized void resume() {
        if (paused && process != null) {
            Processes.resume(process);
        }
        paused = false;
    }

    public synchronized boolean isPaused() {
        return paused;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Creates topics that do not exist yet. */
    public void createTopics(int partitions, String... names) {
        StackTopics.createMissing(adminProperties(),
                Stream.of(names).map(name -> new NewTopic(name, partitions, (short) 1)).toList());
    }

    @Override
    public void close() {
        stop();
    }

    /**
     * Where the admin's login for kcat is, beside the broker's data: {@code kcat -F <this file> -L}. A secured
     * broker lets no anonymous client in, and its SASL options are a mouthful on a command line.
     */
    public Path kcatConfig() {
        return directory.resolve("kcat.conf");
    }

    private void writeKcatConfig() throws IOException {
        var lines = new ArrayList<String>();
        lines.add("# The local stack's admin, for kcat: kcat -F " + kcatConfig() + " -L");
        lines.add("bootstrap.servers=" + bootstrapServers());
        if (isSecured()) {
            lines.add("security.protocol=SASL_PLAINTEXT");
            // PLAIN, which only the admin may use: kcat's SCRAM does not work with Kafka 4 before librdkafka 2.6.1 (BrokerSecurity).
            lines.add("sasl.mechanisms=PLAIN");
            lines.add("sasl.username=" + KafkaAcls.ADMIN.name());
            lines.add("sasl.password=" + KafkaAcls.ADMIN.password());
        }
        Files.write(kcatConfig(), lines);
    }

    private Path writeConfig() throws IOException {
        var config = directory.resolve("server.properties");
        var listener = security.clientProtocol();
        Files.writeString(config, """
                process.roles=broker,controller
                node.id=1
                controller.quorum.bootstrap.servers=127.0.0.1:%2$d
                listeners=%4$s://127.0.0.1:%1$d,CONTROLLER://127.0.0.1:%2$d
                advertised.listeners=%4$s://127.0.0.1:%1$d
                controller.listener.names=CONTROLLER
                inter.broker.listener.name=%4$s
                listener.security.protocol.map=%4$s:%4$s,CONTROLLER:%5$s
                log.dirs=%3$s
                num.partitions=6
                auto.create.topics.enable=true
                offsets.topic.replication.factor=1
                offsets.topic.num.partitions=6
                transaction.state.log.replication.factor=1
                transaction.state.log.min.isr=1
                share.coordinator.state.topic.replication.factor=1
                share.coordinator.state.topic.min.isr=1
                group.initial.rebalance.delay.ms=0
                # The cleaner allocates its de-duplication buffer (128 MiB by default) up front, and it stays
                # resident; the few compacted topics of a local broker need far less.
                log.cleaner.dedupe.buffer.size=16777216
                """.formatted(port, controllerPort, propertiesPath(directory.resolve("data")), listener, security.controllerProtocol())
                + security.settings(List.of(listener)));
        return config;
    }

    private void awaitReady(Duration timeout) {
        var deadline = Instant.now().plus(timeout);
        try {
            // The admin client only once the port is open: before, it warns at every attempt to connect.
            while (!listening()) {
                requireAlive();
                if (Instant.now().isAfter(deadline)) {
                    throw notReady(timeout);
                }
                Thread.sleep(100);
            }
            var properties = adminProperties();
            properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
            properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
            try (var admin = Admin.create(properties)) {
                while (Instant.now().isBefore(deadline)) {
                    requireAlive();
                    try {
                        admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
                        security.apply(admin);
                        return;
                    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                        // not ready yet
                    }
                    Thread.sleep(100);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw notReady(timeout);
    }

    private void requireAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException("Kafka exited with " + process.exitValue() + "; see " + directory.resolve("kafka.log"));
        }
    }

    private IllegalStateException notReady(Duration timeout) {
        return new IllegalStateException("Kafka not ready within " + timeout + "; see " + directory.resolve("kafka.log"));
    }

    private boolean listening() {
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * A path as a properties file may hold it: a backslash there is an escape, so Windows' separators
     * would vanish ({@code C:\\Users} read back as {@code C:Users}); Kafka takes forward slashes on Windows too.
     */
    static String propertiesPath(Path path) {
        return path.toString().replace('\\', '/');
    }

    /** A Kafka JVM with the broker's options and this JVM's classpath; {@link KafkaCluster}'s nodes too. */
    static ProcessBuilder java(List<String> mainAndArgs) {
        var command = new ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JavaOptions.broker());
        command.addAll(List.of("-Dlogback.configurationFile=kafka-logback.xml", "-cp", System.getProperty("java.class.path")));
        command.addAll(mainAndArgs);
        return new ProcessBuilder(command);
    }

    /**
     * Formats the storage in this JVM, with the tool {@code kafka-storage.sh format} runs: a JVM of
     * its own would cost two to four seconds of a two-core machine's start-up.
     */
    private void format(Path config) throws IOException {
        var log = directory.resolve("format.log");
        int exitCode;
        try (var output = new PrintStream(Files.newOutputStream(log), true, StandardCharsets.UTF_8)) {
            var arguments = new ArrayList<>(List.of("format", "-t", Uuid.randomUuid().toString(), "-c", config.toString(), "--standalone"));
            arguments.addAll(security.formatArguments());
            exitCode = StorageTool.execute(arguments.toArray(String[]::new), output);
        } catch (RuntimeException e) {
            throw new IllegalStateException("Formatting Kafka storage failed; see " + log, e);
        }
        if (exitCode != 0) {
            throw new IllegalStateException("Formatting Kafka storage failed; see " + log);
        }
        security.formatted(directory);
    }

}
