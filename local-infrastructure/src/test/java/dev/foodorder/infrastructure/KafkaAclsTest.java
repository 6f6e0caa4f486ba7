package dev.foodorder.infrastructure;

import dev.foodorder.events.Topics;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

class KafkaAclsTest {

    @Test
    void theTopicsGrantedAreTheContracts() {
        assertThat(KafkaAcls.CONTRACT_TOPICS).containsExactlyInAnyOrderElementsOf(Topics.all());
        assertThat(KafkaAcls.CONTRACT_TOPICS).allSatisfy(topic ->
                assertThat(KafkaAcls.deadLetter(topic)).isEqualTo(Topics.deadLetter(topic)));
        assertThat(StackTopics.PARTITIONS).isEqualTo(Topics.DEFAULT_PARTITIONS);
        assertThat(KafkaAcls.replay(Topics.ORDERS, "inventory-service")).isEqualTo(Topics.replay(Topics.ORDERS, "inventory-service"));
    }

    @Test
    void eachGroupReplaysToATopicOfItsOwnForEachTopicItConsumes() {
        assertThat(KafkaAcls.topics()).filteredOn(topic -> topic.endsWith(".replay")).containsExactlyInAnyOrder(
                "inventory.order-service.replay", "orders.inventory-service.replay", "orders.notification-service.replay",
                "inventory.notification-service.replay", "customers.notification-service.replay");
        for (var topic : KafkaAcls.topics().stream().filter(name -> name.endsWith(".replay")).toList()) {
            var owner = topic.substring(topic.indexOf('.') + 1, topic.length() - ".replay".length());
            assertThat(KafkaAcls.bindings()).as(topic)
                    .filteredOn(binding -> binding.pattern().name().equals(topic))
                    .extracting(binding -> binding.entry().principal(), binding -> binding.entry().operation())
                    .containsExactlyInAnyOrder(tuple("User:" + owner, AclOperation.READ),
                            tuple("User:" + owner, AclOperation.WRITE));
        }
    }

    @Test
    void eachTopicOfTheContractHasOneWriter() {
        for (var topic : Topics.all()) {
            assertThat(KafkaAcls.bindings()).as(topic)
                    .filteredOn(binding -> binding.pattern().resourceType() == ResourceType.TOPIC
                            && binding.pattern().name().equals(topic)
                            && binding.entry().operation() == AclOperation.WRITE)
                    .hasSize(1);
        }
    }
}
