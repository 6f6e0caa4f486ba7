package dev.foodorder.deployment;

import dev.foodorder.events.Topics;
import dev.foodorder.infrastructure.local.SystemStack;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Whether rendered manifests agree with the code: the ports the services listen on, the probe paths
 * Actuator serves, the settings they read, the databases and topics they use. The actuator's port
 * (management.server.port) is the probes', is on no Service an Ingress routes to, and only namespace
 * monitoring may reach it. A service connects to its database as the data-only role of the local stack
 * (SystemStack), and its Flyway as the owner. How the services log in to Kafka is {@link KafkaSecurity}'s.
 */
final class ManifestAgreement {

    static final String LIVENESS = "/actuator/health/liveness";
    static final String READINESS = "/actuator/health/readiness";
    /** The name of the container port where the actuator listens, and of the Service port in front of it. */
    static final String MANAGEMENT = "management";
    /** Where kube-prometheus-stack runs: its Prometheus scrapes the management port. */
    static final String MONITORING_NAMESPACE = "monitoring";
    /** The topics of the contract and their dead-letter topics. */
    static final Set<String> CONTRACT_TOPICS = Topics.all().stream()
            .flatMap(topic -> Stream.of(topic, Topics.deadLetter(topic)))
            .collect(Collectors.toUnmodifiableSet());
    /** The ALTER DEFAULT PRIVILEGES of SystemStack: the data-only role gets the rows of what the owner creates. */
    private static final List<String> DATA_ONLY_GRANTS = List.of(
            "ALTER DEFAULT PRIVILEGES FOR ROLE %s IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO %s",
            "ALTER DEFAULT PRIVILEGES FOR ROLE %s IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO %s");

    private final Manifest manifest;
    private final List<String> problems = new ArrayList<>();

    private ManifestAgreement(Manifest manifest) {
        this.manifest = manifest;
    }

    /**
     * The replay topics, {@code <topic>.<group>.replay}: one for each topic a consumer group listens to, where
     * the group's dead-letter API publishes a parked record again, so that no service writes a topic another
     * owns. A Kafka Streams application has none: it parks nothing.
     */
    static Set<String> replayTopics() {
        return ServiceModule.withKafka().stream().map(ServiceModule::named)
                .flatMap(service -> ServiceCode.of(service.name()).replays().stream()
                        .map(topic -> Topics.replay(topic, service.consumerGroup())))
                .collect(Collectors.toUnmodifiableSet());
    }

    /** What disagrees, one line each; empty when the manifests match the code. */
    static List<String> problems(Manifest manifest) {
        var agreement = new ManifestAgreement(manifest);
        ServiceModule.all().forEach(agreement::checkService);
        agreement.checkTopics();
        return List.copyOf(agreement.problems);
    }

    private void checkService(ServiceModule service) {
        var deployment = manifest.named("Deployment", service.name()).orElse(null);
        if (deployment == null) {
            problem(service, "no Deployment named " + service.name());
            return;
        }
        var container = containers(deployment).stream()
                .filter(candidate -> repository(candidate.path("image").asString()).equals(service.image()))
                .findFirst().orElse(null);
        if (container == null) {
            problem(service, "no container runs image " + service.image());
            return;
        }
        checkPorts(service, container);
        checkProbes(service, container);
        if (service.hasManagementPort()) {
            checkManagementPortIsNotRouted(service, deployment, container);
            checkManagementPortIsolation(service, deployment, container);
        }
        var environment = environment(service, container);
        environment.keySet().stream()
                .filter(variable -> !service.reads(variable))
                .forEach(variable -> problem(service, "sets " + variable + ", which the service does not read"));
        if (service.hasDatabase()) {
            checkDatabase(service, environment);
        }
        if (service.hasKafka()) {
            checkKafka(service, environment);
        }
    }

    private void checkPorts(ServiceModule service, JsonNode container) {
        if (containerPort(container, "http") != service.port()) {
            problem(service, "container port http is not " + service.port() + " (server.port)");
        }
        var ports = manifest.named("Service", service.name()).map(s -> s.path("spec").path("ports")).orElse(null);
        if (ports == null || StreamSupport.stream(ports.spliterator(), false).noneMatch(port ->
                port.path("port").asInt() == service.port() && "http".equals(port.path("targetPort").asString()))) {
            problem(service, "no Service " + service.name() + " with port " + service.port() + " to target port http");
        }
        if (!service.hasManagementPort()) {
            problem(service, "sets no " + ServiceModule.MANAGEMENT_PORT + ": the actuator would share the API's port");
            return;
        }
        var management = service.managementPort();
        if (management == service.port()) {
            problem(service, ServiceModule.MANAGEMENT_PORT + " is server.port (" + management + "): the actuator would share the API's port");
        }
        if (containerPort(container, MANAGEMENT) != management) {
            problem(service, "container port " + MANAGEMENT + " is not " + management + " (" + ServiceModule.MANAGEMENT_PORT + ")");
        }
        var managementService = service.name() + "-" + MANAGEMENT;
        var managementPorts = manifest.named("Service", managementService).map(s -> s.path("spec").path("ports")).orElse(null);
        if (managementPorts == null || managementPorts.valueStream().noneMatch(port ->
                port.path("port").asInt() == management && MANAGEMENT.equals(port.path("targetPort").asString()))) {
            problem(service, "no Service " + managementService + " with port " + management + " to target port " + MANAGEMENT);
        }
    }

    private void checkProbes(ServiceModule service, JsonNode container) {
        if (!"true".equals(service.setting("management.endpoint.health.probes.enabled"))) {
            problem(service, "Actuator's liveness and readiness groups are off (management.endpoint.health.probes.enabled)");
        }
        probe(service, container, "startupProbe", LIVENESS);
        probe(service, container, "livenessProbe", LIVENESS);
        probe(service, container, "readinessProbe", READINESS);
    }

    /** A probe asks Actuator's path on the management port: the API's port serves no /actuator. */
    private void probe(ServiceModule service, JsonNode container, String probe, String path) {
        var get = container.path(probe).path("httpGet");
        if (!path.equals(get.path("path").asString())) {
            problem(service, probe + " asks " + get.path("path").asString("nothing") + ", not " + path);
        }
        if (!service.hasManagementPort()) {
            return;
        }
        var port = get.path("port");
        var number = port.isInt() ? port.asInt() : containerPort(container, port.asString(""));
        if (number != service.managementPort()) {
            problem(service, probe + " asks port " + port.asString("none") + ", not the management port "
                    + service.managementPort() + " (" + ServiceModule.MANAGEMENT_PORT + ")");
        }
    }

    /** No Service that an Ingress routes to has a port that leads to the pods' management port. */
    private void checkManagementPortIsNotRouted(ServiceModule service, JsonNode deployment, JsonNode container) {
        var podLabels = deployment.path("spec").path("template").path("metadata").path("labels");
        for (var routed : manifest.routedServices()) {
            var object = manifest.named("Service", routed).orElse(null);
            if (object == null || !selectsPods(object.path("spec").path("selector"), podLabels)) {
                continue;
            }
            for (var port : object.path("spec").path("ports")) {
                var target = port.has("targetPort") ? port.path("targetPort") : port.path("port");
                var number = target.isInt() ? target.asInt() : containerPort(container, target.asString(""));
                if (number == service.managementPort()) {
                    problem(service, "Service " + routed + ", which the Ingress routes to, exposes the management port "
                            + service.managementPort());
                }
            }
        }
    }

    /**
     * The NetworkPolicies that hold the pods let namespace monitoring reach the management port, and nobody
     * else: NetworkPolicies add up, so one rule open to everyone on that port undoes the others.
     */
    private void checkManagementPortIsolation(ServiceModule service, JsonNode deployment, JsonNode container) {
        var management = service.managementPort();
        var namespace = deployment.path("metadata").path("namespace").asString("");
        var podLabels = deployment.path("spec").path("template").path("metadata").path("labels");
        var policies = manifest.ofKind("NetworkPolicy").stream()
                .filter(policy -> namespace.equals(policy.path("metadata").path("namespace").asString("")))
                .filter(policy -> Manifest.selects(policy.path("spec").path("podSelector"), podLabels))
                .filter(policy -> !policy.path("spec").has("policyTypes")
                        || policy.path("spec").path("policyTypes").valueStream().anyMatch(type -> "Ingress".equals(type.asString())))
                .toList();
        if (policies.isEmpty()) {
            problem(service, "no NetworkPolicy holds its pods: the management port " + management + " is open to every pod");
            return;
        }
        var admitsMonitoring = false;
        for (var policy : policies) {
            for (var rule : policy.path("spec").path("ingress")) {
                if (!coversPort(rule, container, management)) {
                    continue;
                }
                if (rule.path("from").isEmpty()) {
                    problem(service, "NetworkPolicy " + Manifest.nameOf(policy) + " opens the management port " + management + " to everyone");
                }
                for (var peer : rule.path("from")) {
                    var fromMonitoring = !peer.has("ipBlock") && MONITORING_NAMESPACE.equals(
                            peer.path("namespaceSelector").path("matchLabels").path("kubernetes.io/metadata.name").asString(""));
                    admitsMonitoring |= fromMonitoring;
                    if (!fromMonitoring) {
                        problem(service, "NetworkPolicy " + Manifest.nameOf(policy) + " opens the management port " + management + " to " + peer);
                    }
                }
            }
        }
        if (!admitsMonitoring) {
            problem(service, "no NetworkPolicy lets namespace " + MONITORING_NAMESPACE + " reach the management port " + management);
        }
    }

    /** Whether an ingress rule of a NetworkPolicy admits traffic to the port: a rule without ports admits all. */
    private static boolean coversPort(JsonNode rule, JsonNode container, int number) {
        if (rule.path("ports").isEmpty()) {
            return true;
        }
        return rule.path("ports").valueStream().anyMatch(port -> {
            var value = port.path("port");
            if (value.isMissingNode()) {
                return true;
            }
            if (!value.isInt()) {
                return containerPort(container, value.asString("")) == number;
            }
            return value.asInt() <= number && number <= port.path("endPort").asInt(value.asInt());
        });
    }

    /** Whether a Service's selector (a plain map of labels) picks pods with these labels. */
    private static boolean selectsPods(JsonNode selector, JsonNode podLabels) {
        return !selector.isEmpty() && selector.properties().stream()
                .allMatch(label -> label.getValue().asString().equals(podLabels.path(label.getKey()).asString(null)));
    }

    /** The number of the container's port of that name; -1 when it has none. */
    static int containerPort(JsonNode container, String name) {
        return container.path("ports").valueStream()
                .filter(port -> name.equals(port.path("name").asString("")))
                .mapToInt(port -> port.path("containerPort").asInt())
                .findFirst().orElse(-1);
    }

    /** The variables the container gets, from env and from the ConfigMaps of envFrom. */
    private Map<String, JsonNode> environment(ServiceModule service, JsonNode container) {
        for (var source : container.path("envFrom")) {
            var name = source.path("configMapRef").path("name").asString(null);
            if (name == null) {
                problem(service, "envFrom other than a ConfigMap is not checked: " + source);
            } else if (manifest.named("ConfigMap", name).isEmpty()) {
                problem(service, "envFrom names ConfigMap " + name + ", which is not in the manifests");
            }
        }
        return environment(manifest, container);
    }

    /**
     * The variables the container gets, from env and from the ConfigMaps of envFrom that the manifests have:
     * a literal's value, or the valueFrom of one that is read from elsewhere.
     */
    static Map<String, JsonNode> environment(Manifest manifest, JsonNode container) {
        var environment = new HashMap<String, JsonNode>();
        for (var source : container.path("envFrom")) {
            manifest.named("ConfigMap", source.path("configMapRef").path("name").asString("")).ifPresent(
                    map -> map.path("data").properties().forEach(entry -> environment.put(entry.getKey(), entry.getValue())));
        }
        for (var variable : container.path("env")) {
            environment.put(variable.path("name").asString(), variable.has("value") ? variable.path("value") : variable.path("valueFrom"));
        }
        return environment;
    }

    private void checkDatabase(ServiceModule service, Map<String, JsonNode> environment) {
        var url = environment.get("SPRING_DATASOURCE_URL");
        if (url == null) {
            problem(service, "no SPRING_DATASOURCE_URL: it would connect to localhost");
            return;
        }
        var host = ServiceModule.Jdbc.host(url.asString());
        var database = ServiceModule.Jdbc.database(url.asString());
        if (!database.equals(service.database())) {
            problem(service, "connects to database " + database + ", not " + service.database());
        }
        var cluster = manifest.ofKind("Cluster").stream()
                .filter(candidate -> host.equals(Manifest.nameOf(candidate) + "-rw"))
                .findFirst().orElse(null);
        if (cluster == null) {
            problem(service, "connects to " + host + ", which is no CloudNativePG Cluster's read-write Service");
            return;
        }
        var clusterName = Manifest.nameOf(cluster);
        // A Cluster restored from its backups (docs/deployment.md) names the database in bootstrap.recovery.
        var bootstrap = cluster.path("spec").path("bootstrap");
        var created = bootstrap.path("initdb").path("database").asString(bootstrap.path("recovery").path("database").asString(""));
        if (!created.equals(database)) {
            problem(service, "Cluster " + clusterName + " has database " + created + ", not " + database);
        }
        checkCredentials(service, cluster, environment);
        checkDatabaseIsolation(service, clusterName);
    }

    /**
     * Rows at run time, the schema only through the migrations, as the local stack runs them: the service
     * connects as the data-only role (a managed role of the Cluster, with a password Secret of its own, granted
     * the rows of what the owner creates) and its Flyway as the owner, whose credentials CloudNativePG writes.
     */
    private void checkCredentials(ServiceModule service, JsonNode cluster, Map<String, JsonNode> environment) {
        var clusterName = Manifest.nameOf(cluster);
        var role = cluster.path("spec").path("managed").path("roles").valueStream()
                .filter(candidate -> SystemStack.APP_USER.equals(candidate.path("name").asString()))
                .findFirst().orElse(MissingNode.getInstance());
        if (!role.path("login").asBoolean() || role.path("superuser").asBoolean() || !role.path("passwordSecret").has("name")) {
            problem(service, "Cluster " + clusterName + " has no managed role " + SystemStack.APP_USER
                    + " that logs in with a password Secret and is no superuser");
            return;
        }
        var roleSecret = role.path("passwordSecret").path("name").asString();
        var roleName = "the data-only role " + SystemStack.APP_USER + "'s";
        checkReadFrom(service, environment, "SPRING_DATASOURCE_USERNAME", roleSecret, "username", roleName);
        checkReadFrom(service, environment, "SPRING_DATASOURCE_PASSWORD", roleSecret, "password", roleName);
        checkReadFrom(service, environment, "SPRING_FLYWAY_USER", clusterName + "-app", "username", "the owner's, which CloudNativePG writes");
        checkReadFrom(service, environment, "SPRING_FLYWAY_PASSWORD", clusterName + "-app", "password", "the owner's, which CloudNativePG writes");
        checkDataOnlyGrants(service, cluster);
    }

    private void checkReadFrom(ServiceModule service, Map<String, JsonNode> environment, String variable, String secret, String key,
                               String whose) {
        var reference = environment.getOrDefault(variable, MissingNode.getInstance()).path("secretKeyRef");
        var name = reference.path("name").asString("");
        if (!name.equals(secret) || !key.equals(reference.path("key").asString(""))) {
            problem(service, variable + " is read from " + (name.isEmpty() ? "no Secret" : "Secret " + name) + ", not from key " + key
                    + " of Secret " + secret + ", " + whose);
        }
    }

    /** The Cluster grants the data-only role the rows of what the owner creates, when it creates the database. */
    private void checkDataOnlyGrants(ServiceModule service, JsonNode cluster) {
        // A Cluster restored from its backups has the role and its grants in the data it restores.
        var initdb = cluster.path("spec").path("bootstrap").path("initdb");
        if (initdb.isMissingNode()) {
            return;
        }
        var statements = initdb.path("postInitApplicationSQL").valueStream().map(JsonNode::asString).toList();
        for (var grant : DATA_ONLY_GRANTS) {
            var statement = grant.formatted(initdb.path("owner").asString(), SystemStack.APP_USER);
            if (!statements.contains(statement)) {
                problem(service, "Cluster " + Manifest.nameOf(cluster) + " does not run " + statement
                        + " (bootstrap.initdb.postInitApplicationSQL)");
            }
        }
    }

    /** The database accepts its own service and its own instances on 5432, and nobody else. */
    private void checkDatabaseIsolation(ServiceModule service, String cluster) {
        var policies = manifest.ofKind("NetworkPolicy").stream()
                .filter(policy -> cluster.equals(policy.path("spec").path("podSelector").path("matchLabels").path("cnpg.io/cluster").asString()))
                .toList();
        if (policies.isEmpty()) {
            problem(service, "no NetworkPolicy protects database " + cluster);
            return;
        }
        var admitsService = false;
        for (var policy : policies) {
            for (var rule : policy.path("spec").path("ingress")) {
                var ports = StreamSupport.stream(rule.path("ports").spliterator(), false).map(port -> port.path("port").asString()).toList();
                if (!ports.isEmpty() && !ports.contains("5432")) {
                    continue;
                }
                if (!rule.has("from")) {
                    problem(service, "NetworkPolicy " + Manifest.nameOf(policy) + " opens 5432 to everyone");
                }
                for (var peer : rule.path("from")) {
                    var labels = peer.path("podSelector").path("matchLabels");
                    var ownService = service.name().equals(labels.path("app.kubernetes.io/name").asString());
                    var ownInstances = cluster.equals(labels.path("cnpg.io/cluster").asString());
                    admitsService |= ownService;
                    if (peer.size() != 1 || !(ownService || ownInstances)) {
                        problem(service, "NetworkPolicy " + Manifest.nameOf(policy) + " opens database " + cluster + " to " + peer);
                    }
                }
            }
        }
        if (!admitsService) {
            problem(service, "no NetworkPolicy lets " + service.name() + " reach its database " + cluster);
        }
    }

    private void checkKafka(ServiceModule service, Map<String, JsonNode> environment) {
        var bootstrap = environment.get("SPRING_KAFKA_BOOTSTRAP_SERVERS");
        var expected = manifest.ofKind("Kafka").stream()
                .flatMap(kafka -> KafkaSecurity.serviceListeners(kafka)
                        .map(listener -> Manifest.nameOf(kafka) + "-kafka-bootstrap:" + listener.path("port").asInt()))
                .collect(Collectors.toSet());
        if (bootstrap == null || !expected.contains(bootstrap.asString())) {
            problem(service, "SPRING_KAFKA_BOOTSTRAP_SERVERS is " + bootstrap
                    + ", not a TLS listener with SCRAM-SHA-512 logins of the Kafka cluster " + expected);
        }
    }

    private void checkTopics() {
        var topics = manifest.ofKind("KafkaTopic");
        var names = topics.stream().map(ManifestAgreement::topicName).collect(Collectors.toSet());
        var expected = new TreeSet<>(CONTRACT_TOPICS);
        expected.addAll(replayTopics());
        expected.stream().filter(topic -> !names.contains(topic))
                .forEach(topic -> problems.add("no KafkaTopic " + topic));
        names.stream().filter(topic -> !expected.contains(topic)).sorted()
                .forEach(topic -> problems.add("KafkaTopic " + topic + " is neither a topic of the contract nor a replay topic"));
        var clusters = manifest.ofKind("Kafka").stream().map(Manifest::nameOf).collect(Collectors.toSet());
        var brokers = manifest.ofKind("KafkaNodePool").stream()
                .filter(pool -> pool.path("spec").path("roles").toString().contains("broker"))
                .mapToInt(pool -> pool.path("spec").path("replicas").asInt())
                .sum();
        for (var topic : topics) {
            var spec = topic.path("spec");
            if (spec.path("partitions").asInt() != Topics.DEFAULT_PARTITIONS) {
                problems.add("KafkaTopic " + topicName(topic) + " has " + spec.path("partitions") + " partitions, not " + Topics.DEFAULT_PARTITIONS);
            }
            if (spec.path("replicas").asInt() > brokers) {
                problems.add("KafkaTopic " + topicName(topic) + " wants " + spec.path("replicas") + " replicas of " + brokers + " brokers");
            }
            if (!clusters.contains(topic.path("metadata").path("labels").path("strimzi.io/cluster").asString())) {
                problems.add("KafkaTopic " + topicName(topic) + " names no Kafka cluster of the manifests " + clusters);
            }
        }
    }

    static String topicName(JsonNode topic) {
        return topic.path("spec").path("topicName").asString(Manifest.nameOf(topic));
    }

    static List<JsonNode> containers(JsonNode deployment) {
        return StreamSupport.stream(deployment.path("spec").path("template").path("spec").path("containers").spliterator(), false).toList();
    }

    /** {@code food-ordering/order-service:0.1.0} is repository {@code food-ordering/order-service}. */
    static String repository(String image) {
        var withoutDigest = image.split("@")[0];
        var lastSlash = withoutDigest.lastIndexOf('/');
        var colon = withoutDigest.lastIndexOf(':');
        return colon > lastSlash ? withoutDigest.substring(0, colon) : withoutDigest;
    }

    private void problem(ServiceModule service, String problem) {
        problems.add(service.name() + ": " + problem);
    }
}
