package dev.foodorder.infrastructure;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** How a {@link KafkaProcess} or a {@link KafkaCluster}'s nodes let clients in, and what they let them do. */
enum BrokerSecurity {

    /** Anyone who reaches the port may do anything: the default, as the demo has always run. */
    NONE,

    /**
     * SASL/SCRAM-SHA-512 on the client listeners (and between brokers, as {@link KafkaAcls#ADMIN}), and
     * the StandardAuthorizer with {@link KafkaAcls}' ACLs.
     *
     * <p>The controller listener speaks SASL PLAIN with a static user: SCRAM cannot work there, since its
     * credentials live in the metadata log the controllers serve. It cannot stay PLAINTEXT either: a broker
     * or controller registering over it is {@code User:ANONYMOUS}, which the authorizer refuses
     * {@code CLUSTER_ACTION} (ControllerRegistration, BrokerRegistration) unless it is a super user, and a
     * super user that needs no password would be anyone on the machine.
     */
    SCRAM;

    private static final String CONTROLLER_USER = "controller";
    private static final String CONTROLLER_PASSWORD = "controller-secret";
    /** In the broker's directory: its storage was formatted with the SCRAM users. */
    private static final String SCRAM_MARKER = "scram-users";
    /** What {@code kafka-storage format --add-scram} gives a password: the least SCRAM-SHA-512 allows. */
    private static final int SCRAM_ITERATIONS = 4096;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /**
     * The security protocol of the listeners clients and the other brokers use; the one every client may
     * use is named after it, as Kafka's default listeners are.
     */
    String clientProtocol() {
        return this == NONE ? "PLAINTEXT" : "SASL_PLAINTEXT";
    }

    String controllerProtocol() {
        return this == NONE ? "PLAINTEXT" : "SASL_PLAINTEXT";
    }

    /** Lines for server.properties; {@code clientListeners}, every listener but the controller's. */
    String settings(Collection<String> clientListeners) {
        if (this == NONE) {
            return "";
        }
        var scram = "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"%s\" password=\"%s\";"
                .formatted(KafkaAcls.ADMIN.name(), KafkaAcls.ADMIN.password());
        // kcat and every librdkafka client before 2.6.1 (Debian 12 has 2.0.2) cannot log in with SCRAM to a Kafka 4
        // broker: they repeat the client's nonce, which Kafka 4 rejects as RFC 5802 says. The admin, and no service,
        // may therefore also log in with PLAIN, so that a person can look at the topics with the tools at hand.
        var plain = "org.apache.kafka.common.security.plain.PlainLoginModule required user_%s=\"%s\";"
                .formatted(KafkaAcls.ADMIN.name(), KafkaAcls.ADMIN.password());
        // A listener's name in a setting's name is lower case; each SASL listener needs the login of its own.
        var listeners = clientListeners.stream()
                .map(listener -> "listener.name.%1$s.scram-sha-512.sasl.jaas.config=%2$s\nlistener.name.%1$s.plain.sasl.jaas.config=%3$s"
                        .formatted(listener.toLowerCase(), scram, plain))
                .collect(Collectors.joining("\n"));
        return """
                sasl.enabled.mechanisms=%1$s,PLAIN
                sasl.mechanism.inter.broker.protocol=%1$s
                %2$s
                sasl.mechanism.controller.protocol=PLAIN
                listener.name.controller.sasl.enabled.mechanisms=PLAIN
                listener.name.controller.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required \
                username="%3$s" password="%4$s" user_%3$s="%4$s";
                authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
                super.users=User:%5$s;User:%3$s
                allow.everyone.if.no.acl.found=false
                """.formatted(KafkaAcls.MECHANISM, listeners, CONTROLLER_USER, CONTROLLER_PASSWORD, KafkaAcls.ADMIN.name());
    }

    /**
     * What {@code kafka-storage format} adds: every principal's SCRAM credentials, in the metadata from the
     * first start on, so that the admin can log in to create the ACLs at all.
     */
    List<String> formatArguments() {
        if (this == NONE) {
            return List.of();
        }
        return Stream.concat(Stream.of(KafkaAcls.ADMIN), KafkaAcls.services().stream())
                .flatMap(principal -> Stream.of("--add-scram",
                        "%s=[name=%s,password=%s]".formatted(KafkaAcls.MECHANISM, principal.name(), principal.password())))
                .toList();
    }

    /** What a client of the stack's own (topic creation, readiness, tests) logs in with. */
    Map<String, Object> adminClientProperties() {
        return this == NONE ? Map.of() : KafkaAcls.clientProperties(KafkaAcls.ADMIN);
    }

    /** Remembers, beside the storage just formatted in {@code directory}, that it holds the SCRAM users. */
    void formatted(Path directory) throws IOException {
        if (this == SCRAM) {
            var users = Stream.concat(Stream.of(KafkaAcls.ADMIN), KafkaAcls.services().stream()).map(KafkaAcls.Principal::name);
            Files.writeString(directory.resolve(SCRAM_MARKER), "formatted with --add-scram for " + users.toList() + "\n");
        }
    }

    /**
     * Refuses a storage formatted without the SCRAM users: nobody could log in to it. A secured storage
     * started without security is fine; its users and ACLs wait unused.
     */
    void requireUsable(Path directory) {
        if (this == SCRAM && !Files.exists(directory.resolve(SCRAM_MARKER))) {
            throw new IllegalStateException(("The Kafka storage in %s was formatted without SCRAM users, so nobody could "
                    + "log in to a secured broker on it (a local stack from before the broker was secured): start afresh "
                    + "(./run-local.sh --fresh) or delete the directory").formatted(directory));
        }
    }

    /**
     * Brings the broker's users and ACLs to {@link KafkaAcls}', at every start: a storage kept from an older
     * version of them gets the principals added since and loses the ACLs taken away.
     */
    void apply(Admin admin) {
        if (this == NONE) {
            return;
        }
        try {
            var users = admin.describeUserScramCredentials().all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).keySet();
            var missing = KafkaAcls.services().stream().filter(principal -> !users.contains(principal.name()))
                    .<UserScramCredentialAlteration>map(principal -> new UserScramCredentialUpsertion(principal.name(),
                            new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, SCRAM_ITERATIONS),
                            principal.password()))
                    .toList();
            if (!missing.isEmpty()) {
                admin.alterUserScramCredentials(missing).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
            var wanted = new HashSet<>(KafkaAcls.bindings());
            var present = admin.describeAcls(AclBindingFilter.ANY).values().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            var stale = present.stream().filter(binding -> !wanted.contains(binding)).map(AclBinding::toFilter).toList();
            if (!stale.isEmpty()) {
                admin.deleteAcls(stale).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
            var added = new ArrayList<>(wanted);
            added.removeAll(present);
            if (!added.isEmpty()) {
                admin.createAcls(added).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot set the broker's users and ACLs", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
