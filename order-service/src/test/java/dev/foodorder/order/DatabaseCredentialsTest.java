package dev.foodorder.order;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The service's configuration has no database password outside the 'local' profile: a deployment that gives
 * none gets a start-up that fails saying what to set, not a service that tries a default. No database or
 * broker is needed: the failure comes before anything connects.
 */
class DatabaseCredentialsTest {

    @Test
    void refusesToStartWithoutADatabasePasswordAndSaysWhatToSet() {
        var application = new SpringApplication(OrderApplication.class);
        application.setRegisterShutdownHook(false);

        assertThatThrownBy(() -> application.run("--server.port=0", "--management.server.port=0"))
                .rootCause().hasMessageContaining("Set SPRING_DATASOURCE_PASSWORD (spring.datasource.password)");
    }

    @Test
    void onlyTheLocalProfileHasTheLocalDemosCredentials() {
        var configuration = new ApplicationContextRunner().withInitializer(new ConfigDataApplicationContextInitializer());

        configuration.run(context -> assertThat(context.getEnvironment().getProperty("spring.datasource.password")).isNull());
        configuration.withPropertyValues("spring.profiles.active=local").run(context -> {
            assertThat(context.getEnvironment().getProperty("spring.datasource.username")).isEqualTo("food");
            assertThat(context.getEnvironment().getProperty("spring.datasource.password")).isEqualTo("food");
        });
    }
}
