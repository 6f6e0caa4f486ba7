package dev.foodorder.systemtest;

import dev.foodorder.events.Topics;
import dev.foodorder.infrastructure.KafkaCluster;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import static dev.foodorder.systemtest.ClusteredSystem.INVENTORY;
import static dev.foodorder.systemtest.ClusteredSystem.ORDER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenario 23: one of the three Kafka nodes dies (SIGKILL) under load: the active controller, and the
 * leader of a third of the partitions. Every topic has three replicas and needs two of them in sync
 * for a write ({@code min.insync.replicas} 2, the producers' {@code acks=all}), so the two nodes left
 * take every write and lose none: the remaining voters elect a controller, the partitions it led get
 * new leaders, the outbox relays' producers and the consumers follow them. The books must balance
 * with the node still down; then it is started again and catches up until it is back in every
 * partition's in-sync replicas.
 */
@ClusteredSystemTest
@Order(23)
@DisplayName("23. One of three Kafka brokers (the active controller) is killed under load")
class ClusterBrokerCrashIT {

    private static final String[] TOPICS = Stream.concat(Topics.all().stream(), Topics.all().stream().map(Topics::deadLetter))
            .toArray(String[]::new);

    @Test
    void theTwoNodesLeftTakeEveryWriteAndTheBooksBalance(ClusteredSystem system) throws Exception {
        var scenario = Scenario.begin(system, 23, "One of three Kafka brokers (the active controller) killed (SIGKILL) under load")
                .stockUp(1000, 10);
        var kafka = system.kafka();
        var relayFailuresBefore = relayFailures(system);
        var load = scenario.load(Load.Plan.of(120).customers(6).cancelling(0.1).paced(6));

        load.awaitAnswered(30);
        int victim;
        long led;
        try (var admin = kafka.admin()) {
            victim = admin.describeMetadataQuorum().quorumInfo().get(10, TimeUnit.SECONDS).leaderId();
            led = partitions(admin).stream().filter(partition -> partition.leader() != null && partition.leader().id() == victim).count();
        }
        kafka.kill(victim);
        var killedAt = System.nanoTime();
        var placedBefore = load.answered();
        load.awaitFinished();
        scenario.note("node %d (the active controller, leader of %d partitions of %d) killed; %d orders placed after, every one answered 202",
                victim, led, TOPICS.length * Topics.DEFAULT_PARTITIONS, load.answered() - placedBefore);
        scenario.noteAtTheEnd(() -> "outbox relay batches that failed and were retried: %.0f".formatted(relayFailures(system) - relayFailuresBefore));

        var caughtUp = new double[] {Double.NaN};
        // Written once the books are checked with the node still down; only then is it started again.
        scenario.noteAtTheEnd(() -> {
            var downFor = (System.nanoTime() - killedAt) / 1e9;
            caughtUp[0] = restartAndAwaitInSync(kafka, victim);
            return "node %d down %.1f s, then back in every partition's in-sync replicas %.1f s after its restart"
                    .formatted(victim, downFor, caughtUp[0]);
        });

        scenario.assertBooksBalance(Duration.ofMinutes(2));
        assertThat(caughtUp[0]).as("seconds until the restarted node was back in every in-sync replica set").isNotNaN();
    }

    /** Starts the node again and waits until it is in the in-sync replicas of every partition; NaN if not within 2 minutes. */
    private static double restartAndAwaitInSync(KafkaCluster kafka, int node) {
        var restartedAt = System.nanoTime();
        kafka.start(node);
        try (var admin = kafka.admin()) {
            await("node %d back in the in-sync replicas of every partition".formatted(node)).atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> partitions(admin).stream().allMatch(partition -> partition.isr().size() == partition.replicas().size()));
        } catch (ConditionTimeoutException e) {
            return Double.NaN;
        }
        return (System.nanoTime() - restartedAt) / 1e9;
    }

    private static double relayFailures(ClusteredSystem system) {
        return system.http(ORDER).counter("outbox.relay.failures") + system.http(INVENTORY).counter("outbox.relay.failures");
    }

    private static Collection<TopicPartitionInfo> partitions(Admin admin) throws ExecutionException, InterruptedException, TimeoutException {
        return admin.describeTopics(List.of(TOPICS)).allTopicNames().get(10, TimeUnit.SECONDS).values().stream()
                .map(TopicDescription::partitions).flatMap(Collection::stream).toList();
    }
}
