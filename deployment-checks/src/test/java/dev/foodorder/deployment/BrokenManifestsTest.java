package dev.foodorder.deployment;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The checks catch the mistakes they are there for: each kustomization in
 * src/test/resources/broken-overlays is the local or the production overlay with one deliberate mistake.
 */
class BrokenManifestsTest {

    @Test
    void misspeltFieldOfADeploymentFailsTheSchemaCheck() {
        var broken = render("misspelt-field");

        assertThat(KubernetesSchema.problems(broken.objects()))
                .singleElement().asString()
                .contains("apps/v1/Deployment order-service", "livenesProbe");
    }

    @Test
    void misspeltFieldOfACustomResourceFailsTheSchemaCheck() {
        var broken = render("misspelt-custom-resource-field");

        assertThat(KubernetesSchema.problems(broken.objects()))
                .isNotEmpty()
                .allSatisfy(problem -> assertThat(problem).startsWith("kafka.strimzi.io/v1/KafkaTopic orders"))
                .anySatisfy(problem -> assertThat(problem).contains("partition"));
    }

    @Test
    void probeOnAPathActuatorDoesNotServeFailsTheAgreementCheck() {
        var broken = render("wrong-probe-path");

        assertThat(KubernetesSchema.problems(broken.objects())).as("still valid Kubernetes").isEmpty();
        assertThat(ManifestAgreement.problems(broken))
                .containsExactly("inventory-service: readinessProbe asks /actuator/health/ready, not /actuator/health/readiness");
    }

    @Test
    void probeOnTheApiPortFailsTheAgreementCheck() {
        var broken = render("probe-on-the-api-port");

        assertThat(KubernetesSchema.problems(broken.objects())).as("still valid Kubernetes").isEmpty();
        assertThat(ManifestAgreement.problems(broken))
                .containsExactly("order-service: livenessProbe asks port http, not the management port 9081 (management.server.port)");
    }

    @Test
    void managementPortOnTheServiceTheIngressRoutesToFailsTheAgreementCheck() {
        var broken = render("management-port-on-the-routed-service");

        assertThat(KubernetesSchema.problems(broken.objects())).as("still valid Kubernetes").isEmpty();
        assertThat(ManifestAgreement.problems(broken)).containsExactly(
                "notification-service: Service notification-service, which the Ingress routes to, exposes the management port 9083");
    }

    @Test
    void managementPortOpenToEveryPodFailsTheAgreementCheck() {
        var broken = render("management-port-open-to-every-pod");

        assertThat(KubernetesSchema.problems(broken.objects())).as("still valid Kubernetes").isEmpty();
        assertThat(ManifestAgreement.problems(broken))
                .containsExactly("analytics-service: NetworkPolicy analytics-service opens the management port 9085 to everyone");
    }

    @Test
    void databaseWithoutASynchronousStandbyFailsTheDurabilityCheck() {
        var broken = render("asynchronous-database");

        assertThat(KubernetesSchema.problems(broken.objects())).as("still valid Kubernetes").isEmpty();
        assertThat(Durability.synchronousStandbys(broken))
                .containsExactly("Cluster orders-db: no synchronous standby (spec.postgresql.synchronous): a failover loses the last commits");
    }

    @Test
    void databaseWithoutADailyBackupFailsTheDurabilityCheck() {
        var broken = render("database-without-scheduled-backup");

        assertThat(Durability.backups(broken))
                .containsExactly("Cluster inventory-db: no ScheduledBackup: no base backup, nothing to restore the archived WAL onto");
    }

    @Test
    void deadLetterTopicOnTheBrokersDefaultRetentionFailsTheDurabilityCheck() {
        var broken = render("dead-letters-kept-a-week");

        assertThat(Durability.deadLetterRetention(broken))
                .containsExactly("KafkaTopic orders.DLT: no retention.ms: it keeps records the broker's default 7 days, not 30 days");
    }

    @Test
    void deadLetterTopicNoLargerThanItsSourceFailsTheDurabilityCheck() {
        var broken = render("dead-letters-of-the-source-size");

        assertThat(Durability.deadLetterRetention(broken)).containsExactly("KafkaTopic inventory.DLT: max.message.bytes under 2097152: "
                + "a record as large as its source topic takes would not fit with the failure's headers, and would hold its partition");
    }

    @Test
    void transactionLogAcknowledgedOnOneCopyFailsTheDurabilityCheck() {
        var broken = render("transaction-log-on-one-copy");

        assertThat(Durability.kafkaCopies(broken))
                .containsExactly("Kafka food-ordering: transaction.state.log.min.isr is 1, not 2");
    }

    @Test
    void kafkaUserWithoutAnAclOfTheLocalStackFailsTheKafkaSecurityCheck() {
        var broken = render("kafka-user-without-an-acl");

        assertThat(KubernetesSchema.problems(broken.objects())).as("still valid Kubernetes").isEmpty();
        assertThat(KafkaSecurity.users(broken))
                .containsExactly("KafkaUser order-service: lacks Write on topic orders, which KafkaAcls grants order-service");
    }

    @Test
    void serviceLoggingInWithAnotherServicesSecretFailsTheKafkaSecurityCheck() {
        var broken = render("login-with-another-services-secret");

        assertThat(KubernetesSchema.problems(broken.objects())).as("still valid Kubernetes").isEmpty();
        assertThat(KafkaSecurity.logins(broken)).singleElement().asString()
                .startsWith("inventory-service: SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG is not key sasl.jaas.config of Secret "
                        + "inventory-service, its own KafkaUser's")
                .contains("order-service");
    }

    @Test
    void listenerWithoutALoginFailsTheKafkaSecurityCheck() {
        var broken = render("listener-without-login");

        assertThat(KubernetesSchema.problems(broken.objects())).as("still valid Kubernetes").isEmpty();
        assertThat(KafkaSecurity.listeners(broken))
                .containsExactly("Kafka food-ordering: listener plain (port 9092) takes clients without a login");
    }

    @Test
    void missingReplayTopicFailsTheAgreementCheck() {
        var broken = render("missing-replay-topic");

        assertThat(ManifestAgreement.problems(broken)).containsExactly("no KafkaTopic inventory.order-service.replay");
    }

    @Test
    void passwordWrittenIntoTheManifestsFailsTheCommittedSecretsCheck() {
        var broken = render("password-in-the-manifests");

        assertThat(KubernetesSchema.problems(broken.objects())).as("still valid Kubernetes").isEmpty();
        assertThat(CommittedSecrets.problems(broken))
                .containsExactly("Deployment order-service sets SPRING_DATASOURCE_PASSWORD in the manifests");
    }

    @Test
    void serviceConnectingAsTheDatabaseOwnerFailsTheAgreementCheck() {
        var broken = render("service-connecting-as-the-database-owner");

        assertThat(KubernetesSchema.problems(broken.objects())).as("still valid Kubernetes").isEmpty();
        assertThat(ManifestAgreement.problems(broken)).containsExactly(
                "order-service: SPRING_DATASOURCE_USERNAME is read from Secret orders-db-app, not from key username of Secret "
                        + "orders-db-food-app, the data-only role food_app's",
                "order-service: SPRING_DATASOURCE_PASSWORD is read from Secret orders-db-app, not from key password of Secret "
                        + "orders-db-food-app, the data-only role food_app's");
    }

    private static Manifest render(String name) {
        return Manifest.render(name, Repository.path("deployment-checks", "src", "test", "resources", "broken-overlays", name));
    }
}
