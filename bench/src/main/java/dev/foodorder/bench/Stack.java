package dev.foodorder.bench;

import dev.foodorder.infrastructure.PostgresServer;

import java.net.URI;
import java.util.Map;
import java.util.OptionalDouble;

/** The system under test: the identity service, the three services of the order flow, a Kafka broker and a PostgreSQL server, on this machine. */
interface Stack extends AutoCloseable {

    /** The identity service, whose demo staff client the driver takes its token from. */
    URI identityService();

    URI orderService();

    URI inventoryService();

    URI notificationService();

    /** Where a service's actuator answers (its metrics): its management port, apart from its API. */
    URI actuator(String module);

    String kafkaBootstrapServers();

    /** What the benchmark's own Kafka clients need: the broker's address and the stack's admin login. */
    Map<String, Object> kafkaClient();

    /** The server the services' databases are on, as a superuser: the database's own limit is measured there. */
    PostgresServer postgres();

    /** Seconds from launch until every service was ready; empty for a stack someone else started. */
    OptionalDouble readySeconds();

    ProcessTable processes();

    String description();

    /** Stops what this benchmark started, and nothing else. */
    @Override
    void close();
}
