package dev.foodorder.bench;

import dev.foodorder.infrastructure.KafkaAcls;
import dev.foodorder.infrastructure.PostgresServer;
import dev.foodorder.infrastructure.local.ExistingPostgres;
import dev.foodorder.infrastructure.local.SystemStack;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The stack someone already runs, such as {@code ./run-local.sh}, on its usual ports. Its
 * processes are found by their command lines, under the local stack's launcher when there is one;
 * how long it took to start is not the benchmark's to know. Environment variables point elsewhere:
 * BENCH_IDENTITY_URL, BENCH_ORDER_URL, BENCH_INVENTORY_URL, BENCH_NOTIFICATION_URL (and BENCH_ORDER_MANAGEMENT_URL ... for
 * their actuators), BENCH_KAFKA, and BENCH_POSTGRES_URL
 * (any database of the server), BENCH_POSTGRES_USER, BENCH_POSTGRES_PASSWORD for a superuser.
 */
final class RunningStack implements Stack {

    @Override
    public URI identityService() {
        return URI.create(setting("BENCH_IDENTITY_URL", "http://127.0.0.1:9000"));
    }

    @Override
    public URI orderService() {
        return URI.create(setting("BENCH_ORDER_URL", "http://127.0.0.1:8081"));
    }

    @Override
    public URI inventoryService() {
        return URI.create(setting("BENCH_INVENTORY_URL", "http://127.0.0.1:8082"));
    }

    @Override
    public URI notificationService() {
        return URI.create(setting("BENCH_NOTIFICATION_URL", "http://127.0.0.1:8083"));
    }

    @Override
    public URI actuator(String module) {
        var instance = SystemStack.ORDER_FLOW.stream().filter(service -> service.module().equals(module)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No service " + module));
        var variable = "BENCH_" + instance.name().toUpperCase(java.util.Locale.ROOT) + "_MANAGEMENT_URL";
        return URI.create(setting(variable, "http://127.0.0.1:" + instance.fixedManagementPort()));
    }

    @Override
    public String kafkaBootstrapServers() {
        return setting("BENCH_KAFKA", "127.0.0.1:9092");
    }

    /** The local stack's admin, whose login is the demo's default (./run-local.sh's broker is secured). */
    @Override
    public Map<String, Object> kafkaClient() {
        var client = new HashMap<String, Object>(KafkaAcls.clientProperties(KafkaAcls.ADMIN));
        client.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrapServers());
        return client;
    }

    @Override
    public PostgresServer postgres() {
        return new ExistingPostgres(setting("BENCH_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/postgres"),
                setting("BENCH_POSTGRES_USER", "postgres"), setting("BENCH_POSTGRES_PASSWORD", "postgres"));
    }

    @Override
    public OptionalDouble readySeconds() {
        return OptionalDouble.empty();
    }

    @Override
    public ProcessTable processes() {
        // Under the local stack's launcher if it runs, so that another PostgreSQL on the machine is not counted.
        var port = postgres().jdbcUrl("postgres").replaceAll("^jdbc:postgresql://[^:/]+:?(\\d*)/.*$", "$1");
        return new ProcessTable(ProcessTable.find("dev.foodorder.infrastructure.local.LocalStack").orElse(0L),
                " -p " + (port.isEmpty() ? "5432" : port) + " ");
    }

    @Override
    public String description() {
        return "running stack (order service %s, Kafka %s)".formatted(orderService(), kafkaBootstrapServers());
    }

    @Override
    public void close() {
        // Not ours to stop.
    }

    private static String setting(String name, String fallback) {
        var value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
