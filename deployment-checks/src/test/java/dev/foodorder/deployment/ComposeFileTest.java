package dev.foodorder.deployment;

import com.networknt.schema.InputFormat;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.foodorder.events.Topics;
import dev.foodorder.infrastructure.KafkaAcls;
import dev.foodorder.infrastructure.local.SystemStack;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

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
        // Rows as the data-only role, the schema only through Flyway as the owner: as the local stack runs them.
        assertThat(environment.get("SPRING_DATASOURCE_USERNAME")).isEqualTo(SystemStack.APP_USER);
        assertThat(environment.get("SPRING_DATASOURCE_PASSWORD")).isEqualTo(SystemStack.APP_PASSWORD);
        assertThat(environment.get("SPRING_FLYWAY_USER")).isEqualTo(database.get("POSTGRES_USER"));
        assertThat(environment.get("SPRING_FLYWAY_PASSWORD")).isEqualTo(database.get("POSTGRES_PASSWORD"));
        assertThat(compose.service(host).path("image").asString()).startsWith("postgres:18");
        assertThat(compose.service(name).path("depends_on").path(host).path("condition").asString()).isEqualTo("service_healthy");
        assertThat(ServiceModule.withDatabases().stream().filter(other -> compose.environment(other).get("SPRING_DATASOURCE_URL").contains("//" + host + ":")))
                .as("services sharing database container %s", host)
                .containsExactly(name);
    }

    /**
     * The database container creates, when its data directory is new, the role the service connects as, with
     * the grants of the local stack (SystemStack): the rows of every table and sequence the owner creates.
     */
    @ParameterizedTest
    @MethodSource("dev.foodorder.deployment.ServiceModule#withDatabases")
    void databaseCreatesTheDataOnlyRoleOfTheLocalStack(String name) {
        var host = ServiceModule.Jdbc.host(compose.environment(name).get("SPRING_DATASOURCE_URL"));
        var owner = compose.environment(host).get("POSTGRES_USER");

        var scripts = sqlFiles(compose.mountedFile(host, "/docker-entrypoint-initdb.d"));

        assertThat(scripts).as("what %s runs on a new data directory", host).contains(
                "CREATE ROLE %s LOGIN PASSWORD '%s';".formatted(SystemStack.APP_USER, SystemStack.APP_PASSWORD),
                "GRANT USAGE ON SCHEMA public TO %s;".formatted(SystemStack.APP_USER),
                "ALTER DEFAULT PRIVILEGES FOR ROLE %s IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO %s;"
                        .formatted(owner, SystemStack.APP_USER),
                "ALTER DEFAULT PRIVILEGES FOR ROLE %s IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO %s;"
                        .formatted(owner, SystemStack.APP_USER));
        assertThat(owner).isNotEqualTo(SystemStack.APP_USER);
    }

    private static String sqlFiles(Path folder) {
        try (var files = Files.list(folder)) {
            return files.filter(file -> file.toString().endsWith(".sql")).sorted().map(Repository::read).collect(Collectors.joining("\n"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

    /**
     * The one-shot kafka-topics creates the contract's topics, their dead-letter topics and the replay topics of
     * every consumer group, with the contract's partition count; the broker creates none on the fly.
     */
    @Test
    void topicsAreTheContractsAndTheReplayTopicsWithItsPartitionCountAndNoOthersAreCreatedOnTheFly() {
        var script = String.join("\n", ComposeFile.commands(topicsScript()));

        var topics = Pattern.compile("for topic in ([^;]+);").matcher(script).results()
                .flatMap(match -> List.of(match.group(1).trim().split("\\s+")).stream())
                .collect(Collectors.toSet());
        var partitions = Pattern.compile("--partitions (\\d+)").matcher(script).results().map(match -> match.group(1)).toList();

        var expected = new HashSet<>(ManifestAgreement.CONTRACT_TOPICS);
        expected.addAll(ManifestAgreement.replayTopics());
        assertThat(topics).isEqualTo(expected);
        assertThat(partitions).containsExactly(String.valueOf(Topics.DEFAULT_PARTITIONS));
        assertThat(compose.environment("kafka").get("KAFKA_AUTO_CREATE_TOPICS_ENABLE")).isEqualTo("false");
    }

    /** The compose file's broker lets each principal do what the local stack's secured broker does (KafkaAcls), nothing else. */
    @Test
    void topicsScriptGrantsExactlyTheAclsOfTheLocalStacksBroker() {
        var granted = ComposeFile.commands(topicsScript()).stream()
                .filter(command -> command.startsWith("acl "))
                .flatMap(ComposeFileTest::acls)
                .toList();

        assertThat(granted).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(KafkaAcls.bindings());
    }

    /** The script kafka-topics runs, as the repository holds it. */
    private Path topicsScript() {
        var entrypoint = compose.entrypoint("kafka-topics");
        assertThat(entrypoint).first().isEqualTo("bash");
        return compose.mountedFile("kafka-topics", entrypoint.getLast());
    }

    /** The ACLs of one {@code acl <user> --operation <op>... [--resource-pattern-type <type>] --topic|--group|... <name>...}. */
    private static Stream<AclBinding> acls(String command) {
        var words = command.split("\\s+");
        var principal = "User:" + words[1];
        var operations = new ArrayList<AclOperation>();
        var resources = new ArrayList<Map.Entry<ResourceType, String>>();
        var pattern = PatternType.LITERAL;
        for (var i = 2; i + 1 < words.length; i += 2) {
            switch (words[i]) {
                case "--operation" -> operations.add(KafkaSecurity.constant(AclOperation.class, words[i + 1]));
                case "--resource-pattern-type" -> pattern = KafkaSecurity.constant(PatternType.class, words[i + 1]);
                default -> resources.add(Map.entry(KafkaSecurity.constant(ResourceType.class, words[i].substring(2)), words[i + 1]));
            }
        }
        var patternType = pattern;
        return resources.stream().flatMap(resource -> operations.stream().map(operation -> new AclBinding(
                new ResourcePattern(resource.getKey(), resource.getValue(), patternType),
                new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW))));
    }

    /**
     * The broker takes logins only, on every listener, and authorizes every request: the admin and the controller
     * are its only super users, and what no ACL allows is refused. Its healthcheck logs in as the admin.
     */
    @Test
    void brokerTakesLoginsOnlyAndAuthorizesEveryRequest() {
        var kafka = compose.environment("kafka");
        var protocols = Arrays.stream(kafka.get("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP").split(","))
                .map(entry -> entry.split(":"))
                .collect(Collectors.toMap(entry -> entry[0], entry -> entry[1]));
        var listeners = Arrays.stream(kafka.get("KAFKA_LISTENERS").split(",")).map(listener -> listener.split("://")[0]).toList();

        assertThat(listeners).isNotEmpty()
                .allSatisfy(listener -> assertThat(protocols.get(listener)).as("protocol of listener %s", listener).startsWith("SASL_"));
        assertThat(kafka)
                .containsEntry("KAFKA_AUTHORIZER_CLASS_NAME", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
                .containsEntry("KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND", "false")
                .containsEntry("KAFKA_SUPER_USERS", "User:" + KafkaAcls.ADMIN.name() + ";User:controller");
        var healthcheck = compose.service("kafka").path("healthcheck").path("test").valueStream().map(part -> part.asString())
                .collect(Collectors.joining(" "));
        var login = Pattern.compile("--command-config (\\S+)").matcher(healthcheck).results().map(match -> match.group(1)).findFirst();
        assertThat(login).as("the healthcheck's login").isPresent();
        assertThat(Repository.read(compose.mountedFile("kafka", login.get())).lines())
                .contains("security.protocol=SASL_PLAINTEXT", "sasl.mechanism=SCRAM-SHA-512", "sasl.jaas.config=" + KafkaAcls.ADMIN.jaasConfig());
    }

    /** Everyone can log in from the broker's first start on: its storage is formatted with their SCRAM users. */
    @Test
    void brokerIsFormattedWithTheScramUsersOfTheAdminAndOfEveryService() {
        var entrypoint = compose.entrypoint("kafka");
        var script = Repository.read(compose.mountedFile("kafka", entrypoint.getLast()));

        var users = Pattern.compile("--add-scram 'SCRAM-SHA-512=\\[name=([^,]+),password=([^]]+)]'").matcher(script).results()
                .collect(Collectors.toMap(match -> match.group(1), match -> match.group(2)));

        assertThat(entrypoint).first().isEqualTo("bash");
        assertThat(users).isEqualTo(Stream.concat(Stream.of(KafkaAcls.ADMIN), KafkaAcls.services().stream())
                .collect(Collectors.toMap(KafkaAcls.Principal::name, KafkaAcls.Principal::password)));
    }

    /**
     * Each service logs in as its own principal, as the local stack's secured broker has it (KafkaAcls), and
     * creates no topic: the topics are kafka-topics' to create.
     */
    @ParameterizedTest
    @MethodSource("dev.foodorder.deployment.ServiceModule#withKafka")
    void serviceLogsInToKafkaAsItsOwnPrincipalAndCreatesNoTopic(String name) {
        var service = ServiceModule.named(name);
        var environment = compose.environment(name);
        var local = KafkaAcls.springEnvironment(KafkaAcls.service(name)).entrySet().stream()
                .filter(variable -> service.reads(variable.getKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));

        assertThat(environment).containsAllEntriesOf(local)
                .containsEntry("SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG", KafkaAcls.service(name).jaasConfig());
        assertThat(environment).containsEntry(service.reads("MESSAGING_TOPICS_CREATE") ? "MESSAGING_TOPICS_CREATE" : "SPRING_KAFKA_ADMIN_AUTO_CREATE",
                "false");
    }

    @Test
    void kafkaUiLogsInAsTheAdmin() {
        assertThat(compose.environment("kafka-ui"))
                .containsEntry("KAFKA_CLUSTERS_0_PROPERTIES_SECURITY_PROTOCOL", "SASL_PLAINTEXT")
                .containsEntry("KAFKA_CLUSTERS_0_PROPERTIES_SASL_MECHANISM", "SCRAM-SHA-512")
                .containsEntry("KAFKA_CLUSTERS_0_PROPERTIES_SASL_JAAS_CONFIG", KafkaAcls.ADMIN.jaasConfig());
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
