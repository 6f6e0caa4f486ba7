package dev.foodorder.deployment;

import dev.foodorder.infrastructure.KafkaAcls;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Who may reach the Kafka brokers of rendered manifests, and what they may do there: every listener takes a
 * login and the cluster authorizes every request; each service logs in over TLS as a KafkaUser of its own,
 * whose ACLs are exactly those of the local stack's secured broker (local-infrastructure {@link KafkaAcls});
 * and none creates topics, which the Topic Operator owns. Each check lists what falls short, one line each;
 * empty when nothing does.
 */
final class KafkaSecurity {

    static final String SCRAM = "scram-sha-512";
    static final String JAAS_KEY = "sasl.jaas.config";
    /** The key of the cluster CA's certificate in the Secret {@code <cluster>-cluster-ca-cert} that Strimzi writes. */
    static final String CA_KEY = "ca.crt";

    private KafkaSecurity() {
    }

    /** The listeners a service logs in to: TLS, with SCRAM-SHA-512 passwords. */
    static Stream<JsonNode> serviceListeners(JsonNode kafka) {
        return kafka.path("spec").path("kafka").path("listeners").valueStream()
                .filter(listener -> listener.path("tls").asBoolean()
                        && SCRAM.equals(listener.path("authentication").path("type").asString("")));
    }

    /**
     * Every listener takes a login (an anonymous client would be {@code User:ANONYMOUS}, and on a listener
     * without authentication anyone who reaches the port is), and the cluster authorizes every request by
     * the KafkaUsers' ACLs, refusing what no ACL allows.
     */
    static List<String> listeners(Manifest manifest) {
        var problems = new ArrayList<String>();
        for (var kafka : manifest.ofKind("Kafka")) {
            var where = "Kafka " + Manifest.nameOf(kafka) + ": ";
            var spec = kafka.path("spec").path("kafka");
            if (!"simple".equals(spec.path("authorization").path("type").asString(""))) {
                problems.add(where + "no simple authorization (spec.kafka.authorization): every client may do anything");
            }
            if (spec.path("config").path("allow.everyone.if.no.acl.found").asString("false").equals("true")) {
                problems.add(where + "allow.everyone.if.no.acl.found is true: what no ACL names is open to everyone");
            }
            for (var listener : spec.path("listeners")) {
                if (!listener.has("authentication")) {
                    problems.add(where + "listener " + listener.path("name").asString() + " (port " + listener.path("port").asInt()
                            + ") takes clients without a login");
                }
            }
            if (manifest.ofKind("KafkaUser").stream().anyMatch(user -> belongsTo(user, kafka))
                    && kafka.path("spec").path("entityOperator").path("userOperator").isMissingNode()) {
                problems.add(where + "no User Operator (spec.entityOperator.userOperator): its KafkaUsers get no password and no ACL");
            }
        }
        return problems;
    }

    /**
     * Each service that takes part in the events has a KafkaUser named after it, which logs in with a
     * SCRAM-SHA-512 password and may do exactly what {@link KafkaAcls} grants that service's principal on the
     * local stack's secured broker: no more, no less.
     */
    static List<String> users(Manifest manifest) {
        var problems = new ArrayList<String>();
        var clusters = manifest.ofKind("Kafka").stream().map(Manifest::nameOf).collect(Collectors.toSet());
        for (var service : ServiceModule.withKafka()) {
            var principal = KafkaAcls.service(service);
            var user = manifest.named("KafkaUser", principal.name()).orElse(null);
            if (user == null) {
                problems.add("no KafkaUser " + principal.name() + " for " + service);
                continue;
            }
            var where = "KafkaUser " + principal.name() + ": ";
            if (!clusters.contains(user.path("metadata").path("labels").path("strimzi.io/cluster").asString(""))) {
                problems.add(where + "names no Kafka cluster of the manifests " + clusters + " (label strimzi.io/cluster)");
            }
            if (!SCRAM.equals(user.path("spec").path("authentication").path("type").asString(""))) {
                problems.add(where + "does not log in with a " + SCRAM + " password");
            }
            checkAcls(problems, user, principal);
        }
        return problems;
    }

    private static void checkAcls(List<String> problems, JsonNode user, KafkaAcls.Principal principal) {
        var where = "KafkaUser " + Manifest.nameOf(user) + ": ";
        var granted = acls(user);
        var expected = KafkaAcls.bindings().stream()
                .filter(binding -> binding.entry().principal().equals("User:" + principal.name()))
                .collect(Collectors.toSet());
        expected.stream().filter(binding -> !granted.contains(binding)).sorted(Comparator.comparing(KafkaSecurity::describe))
                .forEach(binding -> problems.add(where + "lacks " + describe(binding) + ", which KafkaAcls grants " + principal.name()));
        granted.stream().filter(binding -> !expected.contains(binding)).sorted(Comparator.comparing(KafkaSecurity::describe))
                .forEach(binding -> problems.add(where + "may " + describe(binding) + ", which KafkaAcls does not grant " + principal.name()));
    }

    /**
     * Each service that takes part in the events logs in to a TLS listener as its own KafkaUser, with the
     * JAAS line of that user's Secret, trusting the cluster CA's certificate mounted from Strimzi's Secret;
     * and creates no topic.
     */
    static List<String> logins(Manifest manifest) {
        var problems = new ArrayList<String>();
        for (var name : ServiceModule.withKafka()) {
            var deployment = manifest.named("Deployment", name).orElse(null);
            if (deployment == null) {
                problems.add(name + ": no Deployment");
                continue;
            }
            for (var container : ManifestAgreement.containers(deployment)) {
                checkLogin(problems, manifest, ServiceModule.named(name), deployment, container);
            }
        }
        return problems;
    }

    private static void checkLogin(List<String> problems, Manifest manifest, ServiceModule service, JsonNode deployment,
                                   JsonNode container) {
        var name = service.name();
        var environment = ManifestAgreement.environment(manifest, container);
        expect(problems, name, environment, "SPRING_KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
        expect(problems, name, environment, "SPRING_KAFKA_PROPERTIES_SASL_MECHANISM", "SCRAM-SHA-512");
        var jaas = environment.getOrDefault("SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG", MissingNode.getInstance()).path("secretKeyRef");
        if (!name.equals(jaas.path("name").asString("")) || !JAAS_KEY.equals(jaas.path("key").asString(""))) {
            problems.add(name + ": SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG is not key " + JAAS_KEY + " of Secret " + name
                    + ", its own KafkaUser's, but " + (jaas.isMissingNode() ? "not read from a Secret" : jaas));
        }
        expect(problems, name, environment, "SPRING_KAFKA_SSL_TRUST_STORE_TYPE", "PEM");
        var trusted = clusterCaFiles(manifest, deployment, container);
        var location = text(environment, "SPRING_KAFKA_SSL_TRUST_STORE_LOCATION");
        if (!trusted.contains(location)) {
            problems.add(name + ": SPRING_KAFKA_SSL_TRUST_STORE_LOCATION is " + location
                    + ", not the cluster CA's certificate mounted from Strimzi's Secret " + trusted);
        }
        // The topics are the Topic Operator's; one that a service made would have the broker's defaults.
        if (service.reads("MESSAGING_TOPICS_CREATE")) {
            expect(problems, name, environment, "MESSAGING_TOPICS_CREATE", "false");
        } else {
            expect(problems, name, environment, "SPRING_KAFKA_ADMIN_AUTO_CREATE", "false");
        }
    }

    /** The ACLs of a KafkaUser, as Kafka's authorizer holds them. */
    static Set<AclBinding> acls(JsonNode user) {
        var type = user.path("spec").path("authentication").path("type").asString("");
        // A TLS user's principal is its certificate's subject; a SCRAM user's, its name.
        var principal = "User:" + (type.startsWith("tls") ? "CN=" : "") + Manifest.nameOf(user);
        return user.path("spec").path("authorization").path("acls").valueStream()
                .flatMap(acl -> acl.path("operations").valueStream().map(operation -> new AclBinding(
                        new ResourcePattern(constant(ResourceType.class, acl.path("resource").path("type").asString()),
                                acl.path("resource").path("name").asString("*"),
                                "prefix".equals(acl.path("resource").path("patternType").asString("literal")) ? PatternType.PREFIXED
                                        : PatternType.LITERAL),
                        new AccessControlEntry(principal, acl.path("host").asString("*"), constant(AclOperation.class, operation.asString()),
                                "deny".equals(acl.path("type").asString("allow")) ? AclPermissionType.DENY : AclPermissionType.ALLOW))))
                .collect(Collectors.toSet());
    }

    /** A Kafka constant from its camel-case name in a manifest or a command line: transactionalId is TRANSACTIONAL_ID. */
    static <E extends Enum<E>> E constant(Class<E> type, String camelCase) {
        return Enum.valueOf(type, camelCase.replaceAll("([a-z])([A-Z])", "$1_$2").replace('-', '_').toUpperCase(Locale.ROOT));
    }

    /** "Read on topic orders", "All on topics prefixed analytics-service-". */
    static String describe(AclBinding binding) {
        var pattern = binding.pattern();
        var type = pattern.resourceType().name().toLowerCase(Locale.ROOT).replace('_', ' ');
        var operation = binding.entry().operation().name().charAt(0) + binding.entry().operation().name().substring(1).toLowerCase(Locale.ROOT);
        var denied = binding.entry().permissionType() == AclPermissionType.DENY ? " (denied)" : "";
        return pattern.patternType() == PatternType.PREFIXED
                ? operation + " on " + type + "s prefixed " + pattern.name() + denied
                : operation + " on " + type + " " + pattern.name() + denied;
    }

    private static boolean belongsTo(JsonNode resource, JsonNode kafka) {
        return Manifest.nameOf(kafka).equals(resource.path("metadata").path("labels").path("strimzi.io/cluster").asString(""));
    }

    /**
     * Where the container finds the cluster CA's certificate, as a {@code file:} location: the key {@value #CA_KEY}
     * of a Kafka cluster's Secret {@code <cluster>-cluster-ca-cert}, mounted as a volume.
     */
    private static Set<String> clusterCaFiles(Manifest manifest, JsonNode deployment, JsonNode container) {
        var secrets = manifest.ofKind("Kafka").stream().map(kafka -> Manifest.nameOf(kafka) + "-cluster-ca-cert").collect(Collectors.toSet());
        Map<String, JsonNode> volumes = deployment.path("spec").path("template").path("spec").path("volumes").valueStream()
                .filter(volume -> secrets.contains(volume.path("secret").path("secretName").asString("")))
                .collect(Collectors.toMap(volume -> volume.path("name").asString(), volume -> volume.path("secret")));
        return container.path("volumeMounts").valueStream()
                .filter(mount -> volumes.containsKey(mount.path("name").asString()) && !mount.has("subPath"))
                .map(mount -> {
                    var items = volumes.get(mount.path("name").asString()).path("items");
                    var file = items.isMissingNode() ? CA_KEY : items.valueStream()
                            .filter(item -> CA_KEY.equals(item.path("key").asString()))
                            .map(item -> item.path("path").asString())
                            .findFirst().orElse(null);
                    return file == null ? null : "file:" + mount.path("mountPath").asString().replaceAll("/$", "") + "/" + file;
                })
                .filter(Objects::nonNull)
                .collect(Collectors.toSet());
    }

    private static void expect(List<String> problems, String service, Map<String, JsonNode> environment, String variable, String value) {
        var actual = text(environment, variable);
        if (!value.equals(actual)) {
            problems.add(service + ": " + variable + " is " + actual + ", not " + value);
        }
    }

    /** A literal's value; null when the variable is missing or read from elsewhere. */
    private static String text(Map<String, JsonNode> environment, String variable) {
        var value = environment.get(variable);
        return value == null || !value.isValueNode() ? null : value.asString();
    }
}
