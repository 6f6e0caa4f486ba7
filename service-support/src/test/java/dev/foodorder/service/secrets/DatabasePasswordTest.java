package dev.foodorder.service.secrets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A service configured as a deployment configures it, except for what each test leaves out. The database at
 * port 1 answers nothing: a context that starts has not tried to connect (Hikari connects at the first use).
 */
@ExtendWith(OutputCaptureExtension.class)
class DatabasePasswordTest {

    private static final String URL = "spring.datasource.url=jdbc:postgresql://localhost:1/orders";

    private final ApplicationContextRunner service = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, DatabasePasswordAutoConfiguration.class))
            .withPropertyValues(URL, "spring.datasource.username=food_app");

    private final ApplicationContextRunner serviceWithMigrations = service
            .withConfiguration(AutoConfigurations.of(FlywayAutoConfiguration.class))
            .withPropertyValues("spring.datasource.password=app-secret")
            .withBean(FlywayMigrationStrategy.class, () -> flyway -> { });

    @Test
    void startUpFailsWithoutADatabasePassword() {
        service.run(context -> assertThat(context.getStartupFailure()).rootCause()
                .isInstanceOf(MissingDatabasePassword.class)
                .hasMessageContaining("Set SPRING_DATASOURCE_PASSWORD (spring.datasource.password)")
                .hasMessageContaining("'local' profile"));
    }

    @Test
    void aBlankPasswordIsMissingToo() {
        service.withPropertyValues("spring.datasource.password=  ")
                .run(context -> assertThat(context.getStartupFailure()).rootCause().isInstanceOf(MissingDatabasePassword.class));
    }

    @Test
    void aPlaceholderThatNothingResolvedIsMissingToo() {
        service.withPropertyValues("spring.datasource.password=${NO_SUCH_DATABASE_SECRET}")
                .run(context -> assertThat(context.getStartupFailure()).rootCause().isInstanceOf(MissingDatabasePassword.class));
    }

    @Test
    void startsWithAPassword() {
        service.withPropertyValues("spring.datasource.password=app-secret")
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(DataSource.class));
    }

    @Test
    void theConnectionDetailsThatSpringBootConnectsWithDecide() {
        service.withBean(JdbcConnectionDetails.class, () -> details("jdbc:postgresql://localhost:1/orders", "test-secret"))
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(DataSource.class));
        service.withPropertyValues("spring.datasource.password=app-secret")
                .withBean(JdbcConnectionDetails.class, () -> details("jdbc:postgresql://localhost:1/orders", " "))
                .run(context -> assertThat(context.getStartupFailure()).rootCause().isInstanceOf(MissingDatabasePassword.class));
    }

    @Test
    void anInMemoryDatabaseNeedsNoPassword() {
        var inMemory = details("jdbc:h2:mem:orders", "");

        assertThat(new PasswordRequired.ForDataSource().postProcessAfterInitialization(inMemory, "jdbcConnectionDetails"))
                .isSameAs(inMemory);
    }

    @Test
    void aFlywayUserWithoutAPasswordFailsStartUp() {
        serviceWithMigrations.withPropertyValues("spring.flyway.user=food")
                .run(context -> assertThat(context.getStartupFailure()).rootCause()
                        .isInstanceOf(MissingDatabasePassword.class)
                        .hasMessageContaining("Set SPRING_FLYWAY_PASSWORD (spring.flyway.password)"));
    }

    @Test
    void aFlywayUserWithAPasswordStarts() {
        serviceWithMigrations.withPropertyValues("spring.flyway.user=food", "spring.flyway.password=owner-secret")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void withoutAFlywayUserTheMigrationsNeedNoPasswordOfTheirOwn() {
        serviceWithMigrations.run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void theFailureIsReportedWithWhatToSet(CapturedOutput output) {
        var application = new SpringApplication(AService.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setRegisterShutdownHook(false);

        assertThatThrownBy(() -> application.run("--" + URL)).hasRootCauseInstanceOf(MissingDatabasePassword.class);
        var analysis = MissingDatabasePassword.ofDataSource();
        assertThat(output).contains("APPLICATION FAILED TO START")
                .contains("Description:" + System.lineSeparator() + System.lineSeparator() + analysis.description())
                .contains("Action:" + System.lineSeparator() + System.lineSeparator() + analysis.action());
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({DataSourceAutoConfiguration.class, DatabasePasswordAutoConfiguration.class})
    static class AService {
    }

    private static JdbcConnectionDetails details(String url, String password) {
        return new JdbcConnectionDetails() {
            @Override
            public String getJdbcUrl() {
                return url;
            }

            @Override
            public String getUsername() {
                return "test";
            }

            @Override
            public String getPassword() {
                return password;
            }
        };
    }
}
