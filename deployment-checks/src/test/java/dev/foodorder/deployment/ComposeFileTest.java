package dev.foodorder.deployment;

import com.networknt.schema.InputFormat;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.foodorder.events.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/** docker-compose.yml: valid Compose, and in agreement with what the services really read and serve. */
class ComposeFileTest {

    static final List<String> SERVICES = ServiceModule.NAMES;
    static final String PROMETHEUS_CONFIGURATION = "observability/prometheus/prometheus.yaml";

    private final ComposeFile compose = ComposeFile.load();

    @Test
    void isValidAgainstTheComposeSpecification() throws IOException {
        try (var in = ComposeFileTest.class.getResourceAsStream("/schemas/compose-spec.schema.json")) {
            var schema = (ObjectNode) Yaml.JSON.readTree(in);
            // Its $id is a bare file name, which the validator refuses as a base URI; nothing refers to it.
            schema.remove("$id");

            var errors = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
                    .getSchema(schema)
                    .validate(compose.root().toString(), InputFormat.JSON);

            assertThat(errors).isEmpty();
        }
    }

    @ParameterizedTest
    @FieldSource("SERVICES")
    void everyEnvironmentVariableSetsAPropertyTheServiceReads(String name) {
        var service = ServiceModule.named(name);

        assertThat(compose.environment(name).keySet())
                .isNotEmpty()
                .allSatisfy(variable -> assertThat(service.reads(variable))
                        .as("%s reads %s (a property of its application.yml or of a library on its class path)", name, variable)
                        .isTrue());
    }

    @ParameterizedTest
    @FieldSource("SERVICES")
    void serviceIsBuiltFromThisRepositoryAndPublishedOnItsOwnPort(String name) {
        var service = ServiceModule.named(name);
        var definition = compose.service(name);

        assertThat(definition.path("image").asString()).isEqualTo(service.image() + ":latest");
        assertThat(definition.path("build").path("context").asString()).isEqualTo(".");
        assertThat(definition.path("build").path("args").path("SERVICE").asString()).isEqualTo(name);
        assertThat(definition.path("build").path("args").path("SERVICE_PORT").asInt()).isEqualTo(service.port());
        assertThat(definition.path("build").path("args").path("MANAGEMENT_PORT").asInt())
                .as("the build argument that sets %s's management port", name).isEqualTo(service.managementPort());
        assertThat(compose.containerPort(name)).as("the one port published: the API's, not the actuator's").isEqualTo(service.port());
    }

    /**
     * The Prometheus of the observability container scrapes each service's actuator, which listens on its
     * management port only, from inside the compose network.
     */
    @ParameterizedTest
    @FieldSource("SERVICES")
    void prometheusScrapesTheServiceOnItsManagementPort(String name) {
        var service = ServiceModule.named(name);

        var mounted = compose.service("observability").path("volumes").valueStream().map(volume -> volume.asString())
                .filter(volume -> volume.endsWith(":/otel-lgtm/prometheus.yaml:ro") || volume.endsWith(":/otel-lgtm/prometheus.yaml"))
                .map(volume -> volume.split(":")[0])
                .toList();
        assertThat(mounted).as("the Prometheus configuration mounted into observability").containsExactly("./" + PROMETHEUS_CONFIGURATION);
        var jobs = Yaml.document(Repository.read(Repository.path(PROMETHEUS_CONFIGURATION))).path("scrape_configs").valueStream()
                .filter(job -> job.path("static_configs").valueStream().flatMap(targets -> targets.path("targets").valueStream())
                        .anyMatch(target -> target.asString().startsWith(name + ":")))
                .toList();

        assertThat(jobs).as("scrape jobs of %s in %s", name, PROMETHEUS_CONFIGURATION).singleElement().satisfies(job -> {
            assertThat(job.path("metrics_path").asString()).isEqualTo("/actuator/prometheus");
            assertThat(job.path("static_configs").valueStream().flatMap(targets -> targets.path("targets").valueStream()).map(target -> target.asString()))
                    .as("targets of %s: its management port, %s", name, ServiceModule.MANAGEMENT_PORT)
                    .containsExactly(name + ":" + service.managementPort());
        });
    }

    @ParameterizedTest
    @MethodSource("dev.foodorder.deployment.ServiceModule#withDatabases")
    void serviceUsesItsOwnDatabaseContainerWithTheDatabaseNameOfItsConfiguration(String name) {
        var service = ServiceModule.named(name);
        var environment = compose.environment(name);
        var url = environment.get("SPRING_DATASOURCE_URL");

        var host = ServiceModule.Jdbc.host(url);
        var database = compose.environment(host);
        assertThat(ServiceModule.Jdbc.database(url)).isEqualTo(service.database()).isEqualTo(database.get("POSTGRES_DB"));
        assertThat(environment.get("SPRING_DATASOURCE_USERNAME")).isEqualTo(database.get("POSTGRES_USER"));
        assertThat(environment.get("SPRING_DATASOURCE_PASSWORD")).isEqualTo(database.get("POSTGRES_PASSWORD"));
        assertThat(compose.service(host).path("image").asString()).startsWith("postgres:18");
        assertThat(compose.service(name).path("depends_on").path(host).path("condition").asString()).isEqualTo("service_healthy");
        assertThat(ServiceModule.withDatabases().stream().filter(other -> compose.environment(other).get("SPRING_DATASOURCE_URL").contains("//" + host + ":")))
                .as("services sharing database container %s", host)
                .containsExactly(name);
    }

    @Test
    void everyDatabaseKeepsItsDataInANamedVolumeOfItsOwn() {
        var databases = ServiceModule.withDatabases().stream().map(name -> ServiceModule.Jdbc.host(compose.environment(name).get("SPRING_DATASOURCE_URL"))).toList();

        var volumes = databases.stream()
                .map(database -> compose.service(database).path("volumes").get(0).asString().split(":")[0])
                .toList();

        assertThat(volumes).doesNotHaveDuplicates();
        assertThat(compose.root().path("volumes").propertyNames()).containsAll(volumes);
    }

    @ParameterizedTest
    @MethodSource("dev.foodorder.deployment.ServiceModule#withKafka")
    void serviceReachesKafkaOnTheListenerAdvertisedToContainers(String name) {
        var bootstrap = compose.environment(name).get("SPRING_KAFKA_BOOTSTRAP_SERVERS");

        var advertised = List.of(compose.environment("kafka").get("KAFKA_ADVERTISED_LISTENERS").split(","));

        assertThat(advertised).anyMatch(listener -> listener.endsWith("://" + bootstrap));
        assertThat(bootstrap).startsWith("kafka:");
        assertThat(compose.service(name).path("depends_on").path("kafka-topics").path("condition").asString())
                .isEqualTo("service_completed_successfully");
    }

    /**
     * A token's `iss` must equal the issuer a service is told, to the letter; the keys are fetched from the
     * identity service's address inside the network, which a browser on the host cannot use.
     */
    @ParameterizedTest
    @MethodSource("dev.foodorder.deployment.ServiceModule#resourceServers")
    void serviceTakesTheTokensOfTheIdentityServiceAndFetchesItsKeysInsideTheNetwork(String name) {
        var identity = ServiceModule.authorizationServer();
        var environment = compose.environment(name);

        assertThat(environment.get("SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUER_URI"))
                .as("the issuer whose tokens %s takes", name)
                .isEqualTo(compose.environment(identity.name()).get("SPRING_SECURITY_OAUTH2_AUTHORIZATIONSERVER_ISSUER"));
        assertThat(environment.get("SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_JWK_SET_URI"))
                .as("where %s fetches the keys", name)
                .isEqualTo("http://" + identity.name() + ":" + compose.containerPort(identity.name()) + "/oauth2/jwks");
    }

    @Test
    void identityServiceIssuesUnderTheAddressBrowsersOnTheHostUseAndStoresTheDemo() {
        var identity = ServiceModule.authorizationServer().name();
        var environment = compose.environment(identity);

        assertThat(environment.get("SPRING_SECURITY_OAUTH2_AUTHORIZATIONSERVER_ISSUER")).isEqualTo("http://localhost:" + compose.hostPort(identity));
        assertThat(environment.get("IDENTITY_DEMO_ENABLED")).as("the local demo's accounts and clients").isEqualTo("true");
    }

    @Test
    void topicsAreTheContractsWithItsPartitionCountAndNoOthersAreCreatedOnTheFly() {
        var script = String.join("\n", StreamSupport.stream(compose.service("kafka-topics").path("command").spliterator(), false)
                .map(line -> line.asString()).toList());

        var topics = Pattern.compile("for topic in ([^;]+);").matcher(script).results()
                .flatMap(match -> List.of(match.group(1).trim().split("\\s+")).stream())
                .collect(Collectors.toSet());
        var partitions = Pattern.compile("--partitions (\\d+)").matcher(script).results().map(match -> match.group(1)).toList();

        assertThat(topics).isEqualTo(ManifestAgreement.CONTRACT_TOPICS);
        assertThat(partitions).containsExactly(String.valueOf(Topics.DEFAULT_PARTITIONS));
        assertThat(compose.environment("kafka").get("KAFKA_AUTO_CREATE_TOPICS_ENABLE")).isEqualTo("false");
    }

    @Test
    void notificationsAreMailedToMailpit() {
        var environment = compose.environment("notification-service");

        assertThat(compose.service(environment.get("SPRING_MAIL_HOST")).path("image").asString()).startsWith("axllent/mailpit:");
        assertThat(environment.get("SPRING_MAIL_PORT")).isEqualTo("1025");
    }

    @Test
    void everyLongRunningContainerHasAHealthcheckAndEveryDependencyWaitsForOne() {
        var dockerfileHasHealthcheck = Dockerfile.load().instructions("HEALTHCHECK").findAny().isPresent();
        compose.services().properties().forEach(entry -> {
            var name = entry.getKey();
            var service = entry.getValue();
            var oneShot = !service.has("restart");
            var checked = service.has("healthcheck") || (service.has("build") && dockerfileHasHealthcheck);
            assertThat(oneShot || checked).as("healthcheck of %s", name).isTrue();
            service.path("depends_on").properties().forEach(dependency -> {
                var condition = dependency.getValue().path("condition").asString();
                assertThat(condition).as("%s waits for %s", name, dependency.getKey())
                        .isIn("service_healthy", "service_completed_successfully");
                if (condition.equals("service_healthy")) {
                    assertThat(compose.service(dependency.getKey()).has("healthcheck")).isTrue();
                }
            });
        });
    }
}
