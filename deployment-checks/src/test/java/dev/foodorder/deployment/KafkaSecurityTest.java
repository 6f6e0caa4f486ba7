package dev.foodorder.deployment;

import dev.foodorder.infrastructure.KafkaAcls;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * k8s/: Kafka takes logins only and authorizes every request; each service logs in over TLS as a KafkaUser of
 * its own with exactly the ACLs of the local stack's secured broker; every consumer group has its replay topics.
 */
class KafkaSecurityTest {

    static List<String> overlays() {
        return Overlays.NAMES;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void everyListenerTakesLoginsOnlyAndTheClusterAuthorizesEveryRequest(String overlay) {
        var manifest = Overlays.rendered(overlay);

        assertThat(manifest.ofKind("Kafka")).isNotEmpty();
        assertThat(KafkaSecurity.listeners(manifest)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void everyServiceHasAKafkaUserWithExactlyTheAclsOfTheLocalStacksBroker(String overlay) {
        var manifest = Overlays.rendered(overlay);

        assertThat(ServiceModule.withKafka()).isNotEmpty()
                .allSatisfy(service -> assertThat(manifest.named("KafkaUser", service)).as("KafkaUser %s", service).isPresent());
        assertThat(KafkaSecurity.users(manifest)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void everyServiceLogsInOverTlsAsItsOwnUserAndCreatesNoTopic(String overlay) {
        assertThat(KafkaSecurity.logins(Overlays.rendered(overlay))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void everyConsumerGroupHasAReplayTopicForEachTopicItListensTo(String overlay) {
        var topics = Overlays.rendered(overlay).ofKind("KafkaTopic").stream().map(ManifestAgreement::topicName).toList();

        assertThat(topics).containsAll(ManifestAgreement.replayTopics());
    }

    /** A parked record of every topic a service listens to can be replayed: its listeners read the replay topic too. */
    @Test
    void everyListenerReadsTheReplayTopicOfEachTopicItListensTo() {
        for (var service : ServiceModule.withKafka()) {
            var code = ServiceCode.of(service);
            assertThat(code.replays()).as(service).isEqualTo(code.listensTo());
        }
    }

    /** The code's listeners and groups, and the ACLs that let each group use its replay topics, name the same topics. */
    @Test
    void theReplayTopicsOfTheListenersAreThoseTheAclsGrant() {
        var granted = KafkaAcls.bindings().stream()
                .filter(binding -> binding.pattern().resourceType() == ResourceType.TOPIC && binding.pattern().name().endsWith(".replay"))
                .map(binding -> binding.pattern().name())
                .collect(Collectors.toSet());

        assertThat(ManifestAgreement.replayTopics())
                .containsExactlyInAnyOrder("orders.inventory-service.replay", "inventory.order-service.replay",
                        "orders.notification-service.replay", "inventory.notification-service.replay",
                        "customers.notification-service.replay")
                .containsExactlyInAnyOrderElementsOf(granted);
    }

    /** KEDA reads the lag with a certificate of its own, and may look but not read or write. */
    @Test
    void kedaMayOnlyDescribeTheGroupsAndTopicsItScalesOn() {
        var keda = Overlays.rendered(Overlays.LOCAL_WITH_KEDA).named("KafkaUser", "keda").orElseThrow();

        assertThat(KafkaSecurity.acls(keda)).isNotEmpty()
                .allSatisfy(binding -> assertThat(KafkaSecurity.describe(binding)).startsWith("Describe on "));
    }
}
