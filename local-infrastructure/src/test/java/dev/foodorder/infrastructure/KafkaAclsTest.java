package dev.foodorder.infrastructure;

import dev.foodorder.events.Topics;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaAclsTest {

    @Test
    void theTopicsGrantedAreTheContracts() {
        assertThat(KafkaAcls.CONTRACT_TOPICS).containsExactlyInAnyOrderElementsOf(Topics.all());
        assertThat(KafkaAcls.CONTRACT_TOPICS).allSatisfy(topic ->
                assertThat(KafkaAcls.deadLetter(topic)).isEqualTo(Topics.deadLetter(topic)));
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
