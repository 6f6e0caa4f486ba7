package dev.foodorder.deployment;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The checks catch the mistakes they are there for: each kustomization in
 * src/test/resources/broken-overlays is the local overlay with one deliberate mistake.
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

    private static Manifest render(String name) {
        return Manifest.render(name, Repository.path("deployment-checks", "src", "test", "resources", "broken-overlays", name));
    }
}
