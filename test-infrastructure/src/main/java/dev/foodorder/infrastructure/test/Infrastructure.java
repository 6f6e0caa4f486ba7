package dev.foodorder.infrastructure.test;

import dev.foodorder.infrastructure.Database;
import dev.foodorder.infrastructure.EmbeddedPostgresServer;
import dev.foodorder.infrastructure.KafkaServer;
import dev.foodorder.infrastructure.PostgresServer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.ClassUtils;
import org.testcontainers.DockerClientFactory;

import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real Kafka broker and one real PostgreSQL server per JVM, started on first use and stopped
 * when the JVM exits. Every integration test reaches them through this class. Where Spring Boot's
 * Kafka support is on the class path the two start side by side; elsewhere (a module without Kafka,
 * such as the identity service) the broker starts only if a test asks for it.
 *
 * <p>Where a Docker engine answers, they run in containers (Testcontainers); where none does, or
 * when {@code -Dinfrastructure=embedded} (or {@code INFRASTRUCTURE=embedded}) says so, they are
 * Kafka's own KRaft broker and embedded PostgreSQL binaries from Maven Central.
 */
public final class Infrastructure {

    public static final String MODE_PROPERTY = "infrastructure";

    private static final Logger log = LoggerFactory.getLogger(Infrastructure.class);
    private static final AtomicInteger databases = new AtomicInteger();

    private static final boolean SPRING_KAFKA = ClassUtils.isPresent("org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails",
            Infrastructure.class.getClassLoader());

    private final Mode mode;
    private final PostgresServer postgres;
    private KafkaServer kafka;

    private Infrastructure(Mode mode, KafkaServer kafka, PostgresServer postgres) {
        this.mode = mode;
        this.kafka = kafka;
        this.postgres = postgres;
    }

    public static Infrastructure get() {
        return Holder.INSTANCE;
    }

    public synchronized String kafkaBootstrapServers() {
        if (kafka == null) {
            kafka = startKafka(mode);
        }
        return kafka.bootstrapServers();
    }

    public PostgresServer postgres() {
        return postgres;
    }

    public Mode mode() {
        return mode;
    }

    /** A new, empty database whose name starts with the hint, unique within this JVM. */
    public Database newDatabase(String hint) {
        var name = hint.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_") + "_" + databases.incrementAndGet();
        return postgres.createDatabase(name.length() > 60 ? name.substring(name.length() - 60) : name);
    }

    public enum Mode {
        /** Testcontainers: {@code apache/kafka} and {@code postgres:18}. */
        DOCKER,
        /** Kafka's KRaft broker in this JVM and PostgreSQL binaries as a child process. */
        EMBEDDED;

        static Mode choose() {
            var asked = System.getProperty(MODE_PROPERTY, System.getenv().getOrDefault("INFRASTRUCTURE", "auto"));
            return switch (asked.toLowerCase(Locale.ROOT)) {
                case "embedded" -> EMBEDDED;
                case "docker" -> DOCKER;
                default -> dockerAvailable() ? DOCKER : EMBEDDED;
            };
        }

        private static boolean dockerAvailable() {
            try {
                return DockerClientFactory.instance().isDockerAvailable();
            } catch (RuntimeException e) {
                return false;
            }
        }
    }

    private static final class Holder {

        static final Infrastructure INSTANCE = start();
    }

    // Outside Holder on purpose: the lambdas below run on other threads, and a lambda declared
    // in Holder would wait for Holder's class initialisation, which waits for them.
    private static Infrastructure start() {
        var started = System.nanoTime();
        var mode = Mode.choose();
        // The two servers take seconds each to start, so start them side by side.
        var postgres = CompletableFuture.supplyAsync(() -> switch (mode) {
            case DOCKER -> (PostgresServer) ContainerPostgresServer.start();
            case EMBEDDED -> EmbeddedPostgresServer.startTemporary();
        });
        var kafka = SPRING_KAFKA ? startKafka(mode) : null;
        var infrastructure = new Infrastructure(mode, kafka, postgres.join());
        Runtime.getRuntime().addShutdownHook(new Thread(infrastructure::stop, "infrastructure-shutdown"));
        log.info("Test infrastructure: {} (Kafka {}, PostgreSQL at {}), ready in {} ms",
                mode == Mode.DOCKER ? "Testcontainers (apache/kafka, postgres:18)"
                        : "embedded (Kafka KRaft broker from Maven Central jars, PostgreSQL binaries)",
                kafka != null ? "at " + kafka.bootstrapServers() : "to be started on first use", infrastructure.postgres.jdbcUrl("postgres"),
                (System.nanoTime() - started) / 1_000_000);
        return infrastructure;
    }

    private static KafkaServer startKafka(Mode mode) {
        return switch (mode) {
            case DOCKER -> ContainerKafkaServer.start(6);
            case EMBEDDED -> EmbeddedKafkaServer.start(6);
        };
    }

    private synchronized void stop() {
        try {
            if (kafka != null) {
                kafka.close();
            }
        } finally {
            postgres.close();
        }
    }
}
