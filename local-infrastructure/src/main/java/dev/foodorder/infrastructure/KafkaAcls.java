package dev.foodorder.infrastructure;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Who may do what on a {@linkplain KafkaProcess#startSecured secured broker}: one SCRAM user per service,
 * and the ACLs that let each do exactly its part of the contract (common-events {@code Topics} and
 * {@code EventType}) and nothing else. Every other principal but the stack's {@link #ADMIN} is refused,
 * because the broker runs with {@code allow.everyone.if.no.acl.found=false}.
 *
 * <p>The topics exist before the services start, created by the admin as a deployment's Topic Operator
 * creates them: no service may create, delete or reconfigure a topic, so the services run with
 * {@code MESSAGING_TOPICS_CREATE=false}.
 *
 * <p>Read and Write imply Describe in Kafka's authorizer, so Describe is granted alone only where it is
 * all a principal needs. An idempotent producer needs no IdempotentWrite on the cluster: Write on any
 * topic lets it get a producer id.
 */
public final class KafkaAcls {

    /** The stack itself: creates the topics and these ACLs, and is the brokers' identity among themselves. */
    public static final Principal ADMIN = new Principal("admin", "admin-secret");
    public static final Principal ORDER_SERVICE = new Principal("order-service", "order-service-secret");
    public static final Principal INVENTORY_SERVICE = new Principal("inventory-service", "inventory-service-secret");
    public static final Principal NOTIFICATION_SERVICE = new Principal("notification-service", "notification-service-secret");
    public static final Principal ANALYTICS_SERVICE = new Principal("analytics-service", "analytics-service-secret");

    static final String MECHANISM = "SCRAM-SHA-512";

    // The contract's names, repeated here so that the broker's tooling does not depend on the events;
    // KafkaAclsTest holds them to common-events' Topics.
    static final String ORDERS = "orders";
    static final String INVENTORY = "inventory";
    static final String CUSTOMERS = "customers";
    static final List<String> CONTRACT_TOPICS = List.of(ORDERS, INVENTORY, CUSTOMERS);

    /** The dead-letter API of every consuming service (messaging-support) reads all of them, whichever it parks in. */
    private static final List<String> DEAD_LETTER_TOPICS = CONTRACT_TOPICS.stream().map(KafkaAcls::deadLetter).toList();

    /** Kafka Streams names its consumer group, internal topics and transactional ids after its application.id. */
    private static final String ANALYTICS_APPLICATION_ID = "analytics-service";

    private KafkaAcls() {
    }

    /**
     * A SCRAM user and its password: the local demo's defaults, as the services' database role's are.
     * A deployment gets its passwords from its secrets.
     */
    public record Principal(String name, String password) {

        /** The JAAS line a Kafka client logs in with. */
        public String jaasConfig() {
            return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"%s\" password=\"%s\";"
                    .formatted(name, password);
        }

        String user() {
            return "User:" + name;
        }

        /** The name alone: a principal that ends up in a log or an assertion message keeps its password. */
        @Override
        public String toString() {
            return name;
        }
    }

    /** Each service's principal, named as the service's module and {@code spring.application.name}. */
    public static List<Principal> services() {
        return List.of(ORDER_SERVICE, INVENTORY_SERVICE, NOTIFICATION_SERVICE, ANALYTICS_SERVICE);
    }

    /** The principal of the service of this module (order-service, ...). */
    public static Principal service(String module) {
        return services().stream().filter(principal -> principal.name().equals(module)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No Kafka principal for " + module));
    }

    /** What a Kafka client (producer, consumer, admin, Streams) adds to its settings to log in as this principal. */
    public static Map<String, Object> clientProperties(Principal principal) {
        return Map.of(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT",
                SaslConfigs.SASL_MECHANISM, MECHANISM,
                SaslConfigs.SASL_JAAS_CONFIG, principal.jaasConfig());
    }

    /**
     * What a service needs to run against a secured broker, as environment variables: its login, which Boot
     * hands from {@code spring.kafka.security.*} and {@code spring.kafka.properties.*} to its producers,
     * consumers, admin and Kafka Streams alike; and no topic creation, which it may not do.
     */
    public static Map<String, String> springEnvironment(Principal principal) {
        var environment = new LinkedHashMap<String, String>();
        environment.put("SPRING_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT");
        environment.put("SPRING_KAFKA_PROPERTIES_SASL_MECHANISM", MECHANISM);
        environment.put("SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG", principal.jaasConfig());
        // The topics are the stack's: see the class comment.
        environment.put("MESSAGING_TOPICS_CREATE", "false");
        return environment;
    }

    static String deadLetter(String topic) {
        return topic + ".DLT";
    }

    static String replay(String topic, String group) {
        return topic + "." + group + ".replay";
    }

    /**
     * Every topic the stack creates before the services start, since they may not: the contract's, their
     * dead-letter topics, and the replay topic of each group for each topic it consumes.
     */
    public static List<String> topics() {
        var replays = bindings().stream().map(binding -> binding.pattern().name()).filter(name -> name.endsWith(".replay"));
        return Stream.of(CONTRACT_TOPICS.stream(), DEAD_LETTER_TOPICS.stream(), replays).flatMap(topics -> topics).distinct().toList();
    }

    /** The dead-letter topics: created with a longer retention and room for larger records than the others. */
    public static List<String> deadLetterTopics() {
        return DEAD_LETTER_TOPICS;
    }

    /** Every ACL of the broker; the deployments' KafkaUsers and docker compose's ACLs are held to them (deployment-checks). */
    public static List<AclBinding> bindings() {
        return Stream.of(
                        // Writes 'orders' through its outbox; answers to the inventory's events.
                        grant(ORDER_SERVICE).writes(ORDERS).inGroup("order-service").consumes(INVENTORY),
                        // Writes 'inventory' through its outbox; reserves stock for each order.
                        grant(INVENTORY_SERVICE).writes(INVENTORY).inGroup("inventory-service").consumes(ORDERS),
                        // Publishes nothing (no outbox): tells people about everything.
                        grant(NOTIFICATION_SERVICE).inGroup("notification-service").consumes(ORDERS, INVENTORY, CUSTOMERS),
                        grant(ANALYTICS_SERVICE).streams(ANALYTICS_APPLICATION_ID, List.of(ORDERS, INVENTORY), CUSTOMERS)
                                // The live page: every lane, read without a group, and every service's lag.
                                .views(CONTRACT_TOPICS).views(DEAD_LETTER_TOPICS)
                                .seesLagOf("order-service", "inventory-service", "notification-service"))
                .flatMap(grant -> grant.bindings.stream())
                .toList();
    }

    private static Grant grant(Principal principal) {
        return new Grant(principal);
    }

    /** What one principal may do, said in the contract's words. */
    private static final class Grant {

        private final Principal principal;
        private final List<AclBinding> bindings = new ArrayList<>();
        private String group;

        private Grant(Principal principal) {
            this.principal = principal;
        }

        /** The topics only this service writes. */
        Grant writes(String... topics) {
            for (var topic : topics) {
                allow(ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.WRITE);
            }
            return this;
        }

        /**
         * A listener's topics, in {@linkplain #inGroup its group}, with the dead letters that come with them: a
         * record that fails is parked in its topic's dead-letter topic, the dead-letter API reads them back
         * without a group, and replays one to the group's own replay topic, which the listener reads too.
         */
        Grant consumes(String... topics) {
            if (group == null) {
                throw new IllegalStateException("Name the group of " + principal + " before what it consumes");
            }
            for (var topic : topics) {
                allow(ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.READ);
                allow(ResourceType.TOPIC, deadLetter(topic), PatternType.LITERAL, AclOperation.WRITE);
                allow(ResourceType.TOPIC, replay(topic, group), PatternType.LITERAL, AclOperation.READ);
                allow(ResourceType.TOPIC, replay(topic, group), PatternType.LITERAL, AclOperation.WRITE);
            }
            return views(DEAD_LETTER_TOPICS);
        }

        /** The consumer group its listeners commit in ({@code spring.kafka.consumer.group-id}). */
        Grant inGroup(String group) {
            this.group = group;
            allow(ResourceType.GROUP, group, PatternType.LITERAL, AclOperation.READ);
            return this;
        }

        /**
         * A Kafka Streams application with exactly-once: its group is its application id; its changelog and
         * repartition topics ({@code <application.id>-...}) it creates, reads, writes and purges itself; and
         * its transactional ids ({@code <application.id>-<process id>-<thread>}) are its producers'.
         */
        Grant streams(String applicationId, List<String> sources, String sink) {
            sources.forEach(topic -> allow(ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.READ));
            writes(sink);
            inGroup(applicationId);
            allow(ResourceType.TOPIC, applicationId + "-", PatternType.PREFIXED, AclOperation.ALL);
            allow(ResourceType.TRANSACTIONAL_ID, applicationId + "-", PatternType.PREFIXED, AclOperation.WRITE);
            return this;
        }

        /** Topics read with {@code assign()}, in no group: looking, not consuming. */
        Grant views(List<String> topics) {
            topics.forEach(topic -> allow(ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.READ));
            return this;
        }

        /** Other services' groups, listed and their committed offsets read: nothing more. */
        Grant seesLagOf(String... groups) {
            for (var group : groups) {
                allow(ResourceType.GROUP, group, PatternType.LITERAL, AclOperation.DESCRIBE);
            }
            return this;
        }

        private void allow(ResourceType type, String name, PatternType pattern, AclOperation operation) {
            var binding = new AclBinding(new ResourcePattern(type, name, pattern),
                    new AccessControlEntry(principal.user(), "*", operation, AclPermissionType.ALLOW));
            if (!bindings.contains(binding)) {
                bindings.add(binding);
            }
        }
    }
}
