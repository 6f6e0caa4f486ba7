package dev.foodorder.messaging;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** No endpoint, no export: Spring Boot's Zipkin exporter would send to localhost:9411 by default. */
class ZipkinOnlyWithAnEndpointTest {

    @Test
    void withoutAnEndpointZipkinExportIsOff() {
        assertThat(afterPostProcessing(Map.of()).getProperty(ZipkinOnlyWithAnEndpoint.ENABLED)).isEqualTo("false");
    }

    @Test
    void anEndpointTurnsZipkinExportOn() {
        var environment = afterPostProcessing(Map.of("MANAGEMENT_TRACING_EXPORT_ZIPKIN_ENDPOINT", "http://127.0.0.1:9411/api/v2/spans"));

        assertThat(environment.getProperty(ZipkinOnlyWithAnEndpoint.ENABLED)).isNull();
    }

    @Test
    void anExplicitSettingWins() {
        var environment = afterPostProcessing(Map.of("MANAGEMENT_TRACING_EXPORT_ZIPKIN_ENABLED", "true"));

        assertThat(environment.getProperty(ZipkinOnlyWithAnEndpoint.ENABLED)).isEqualTo("true");
    }

    @Test
    void springBootAppliesItToEveryApplication() {
        var application = new SpringApplication(Nothing.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        try (var context = application.run()) {
            assertThat(context.getEnvironment().getProperty(ZipkinOnlyWithAnEndpoint.ENABLED)).isEqualTo("false");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Nothing {
    }

    /** @param variables the process's environment variables */
    private static StandardEnvironment afterPostProcessing(Map<String, Object> variables) {
        var environment = new StandardEnvironment();
        environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
        new ZipkinOnlyWithAnEndpoint().postProcessEnvironment(environment, new SpringApplication());
        return environment;
    }
}
