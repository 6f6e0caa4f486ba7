package dev.foodorder.infrastructure.local;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class JavaOptionsTest {

    private static final List<String> C1 = List.of("-XX:TieredStopAtLevel=1");

    @Test
    void servicesGetSmallSerialHeapsAndFullTieredCompilationByDefault() {
        assertThat(JavaOptions.service(Map.of(), List.of())).containsExactly(
                "-Xms64m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:MaxMetaspaceSize=256m", "-XX:+ExitOnOutOfMemoryError");
    }

    @Test
    void additionsComeAfterTheDefaultsSoThatTheyWin() {
        assertThat(JavaOptions.service(Map.of(), C1)).startsWith(JavaOptions.SERVICE_DEFAULTS.toArray(String[]::new))
                .endsWith("-XX:TieredStopAtLevel=1");
    }

    @Test
    void serviceJavaOptionsReplaceTheDefaultsAndTheAdditions() {
        var environment = Map.of("SERVICE_JAVA_OPTIONS", "  -Xmx512m   -XX:+UseG1GC ");

        assertThat(JavaOptions.service(environment, C1)).containsExactly("-Xmx512m", "-XX:+UseG1GC");
    }

    @Test
    void aBlankServiceJavaOptionsKeepsTheDefaults() {
        assertThat(JavaOptions.service(Map.of("SERVICE_JAVA_OPTIONS", " "), C1))
                .isEqualTo(JavaOptions.concat(JavaOptions.SERVICE_DEFAULTS, C1));
    }

    @Test
    void aCrowdedStackCompilesTheOrderServiceWithC2AndTheOtherServicesWithC1Only() {
        assertThat(JavaOptions.crowded(Map.of(), "order-service")).isEqualTo(JavaOptions.SERVICE_DEFAULTS);
        assertThat(JavaOptions.crowded(Map.of(), "inventory-service")).isEqualTo(JavaOptions.concat(JavaOptions.SERVICE_DEFAULTS, C1));
        assertThat(JavaOptions.crowded(Map.of(), "notification-service")).endsWith("-XX:TieredStopAtLevel=1");
    }

    @Test
    void serviceJavaOptionsReplaceACrowdedStacksChoiceOfCompilerToo() {
        var environment = Map.of("SERVICE_JAVA_OPTIONS", "-Xmx512m");

        assertThat(JavaOptions.crowded(environment, "order-service")).containsExactly("-Xmx512m");
        assertThat(JavaOptions.crowded(environment, "inventory-service")).containsExactly("-Xmx512m");
    }

    @Test
    void theBrokerGetsAQuarterGibibyteTheSerialCollectorAndC1ByDefault() {
        assertThat(JavaOptions.broker(Map.of("SERVICE_JAVA_OPTIONS", "-Xmx1g")))
                .containsExactly("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    }

    @Test
    void kafkaJavaOptionsReplaceTheBrokersDefaults() {
        assertThat(JavaOptions.broker(Map.of("KAFKA_JAVA_OPTIONS", "-Xmx1g -XX:+UseG1GC"))).containsExactly("-Xmx1g", "-XX:+UseG1GC");
    }
}
