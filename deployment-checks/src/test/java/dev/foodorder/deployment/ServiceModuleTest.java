package dev.foodorder.deployment;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The environment check reads variables as Spring Boot binds them, per service and its class path. */
class ServiceModuleTest {

    @Test
    void variableOfAPropertyInTheServicesApplicationYmlIsReadInEitherSpelling() {
        var notifications = ServiceModule.named("notification-service");

        assertThat(notifications.reads("NOTIFICATIONS_OPERATOR_EMAIL")).isTrue();
        assertThat(notifications.reads("NOTIFICATIONS_OPERATOREMAIL")).isTrue();
        assertThat(notifications.reads("NOTIFICATION_OPERATOR_EMAIL")).isFalse();
    }

    @Test
    void variableOfALibraryOnlyAnotherServiceHasIsNotRead() {
        assertThat(ServiceModule.named("notification-service").reads("SPRING_MAIL_HOST")).isTrue();
        assertThat(ServiceModule.named("order-service").reads("SPRING_MAIL_HOST")).isFalse();
    }

    @Test
    void aKafkaStreamsApplicationReadsInTheGroupOfItsApplicationIdAndKeepsNoDatabase() {
        var analytics = ServiceModule.named("analytics-service");

        assertThat(analytics.consumerGroup()).isEqualTo("analytics-service");
        assertThat(analytics.hasDatabase()).isFalse();
        assertThat(ServiceModule.named("notification-service").consumerGroup()).isEqualTo("notification-service");
        assertThat(ServiceModule.withDatabases()).containsExactly("order-service", "inventory-service", "notification-service", "identity-service");
    }

    @Test
    void theIdentityServiceIssuesTheTokensTheOthersCheckAndTakesNoPartInTheEvents() {
        var others = List.of("order-service", "inventory-service", "notification-service", "analytics-service");

        assertThat(ServiceModule.authorizationServer().name()).isEqualTo("identity-service");
        assertThat(ServiceModule.resourceServers()).containsExactlyElementsOf(others);
        assertThat(ServiceModule.withKafka()).containsExactlyElementsOf(others);
    }

    @Test
    void sharedMessagingSettingsAndMapEntriesAreRead() {
        var orders = ServiceModule.named("order-service");

        assertThat(orders.reads("MESSAGING_TOPICS_CREATE")).isTrue();
        assertThat(orders.reads("SPRING_KAFKA_PROPERTIES_LINGER_MS")).isTrue();
        assertThat(orders.reads("SPRING_DATASOURCE_URL_SUFFIX")).isFalse();
    }
}
