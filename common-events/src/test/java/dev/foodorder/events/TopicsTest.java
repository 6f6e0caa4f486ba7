package dev.foodorder.events;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class TopicsTest {

    @Test
    void everyTopicOfTheContractCarriesEventsOfTheCatalog() {
        var constants = Arrays.stream(Topics.class.getFields())
                .filter(field -> field.getType() == String.class && Modifier.isStatic(field.getModifiers()))
                .filter(field -> !field.getName().endsWith("_SUFFIX"))
                .map(TopicsTest::value);

        assertThat(Topics.all()).containsExactlyInAnyOrderElementsOf(constants.toList())
                .containsExactly(Topics.ORDERS, Topics.INVENTORY, Topics.CUSTOMERS);
    }

    private static String value(Field constant) {
        try {
            return (String) constant.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aReplayTopicCarriesTheEventsOfTheTopicItReplays() {
        var replay = Topics.replay(Topics.ORDERS, "inventory-service");

        assertThat(replay).isEqualTo("orders.inventory-service.replay");
        assertThat(Topics.source(replay)).isEqualTo(Topics.ORDERS);
        assertThat(Topics.source(Topics.replay(Topics.CUSTOMERS, "a.group.with.dots"))).isEqualTo(Topics.CUSTOMERS);
        assertThat(Topics.source(Topics.INVENTORY)).isEqualTo(Topics.INVENTORY);
        assertThat(Topics.source("elsewhere.replay")).isEqualTo("elsewhere.replay");
    }
}
