package dev.foodorder.messaging;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.Map;

/**
 * Spans go to Zipkin only where an endpoint is configured ({@code management.tracing.export.zipkin.endpoint},
 * e.g. {@code MANAGEMENT_TRACING_EXPORT_ZIPKIN_ENDPOINT}), as they go over OTLP only where
 * {@code management.opentelemetry.tracing.export.otlp.endpoint} is. Spring Boot's Zipkin exporter
 * would otherwise send to {@code localhost:9411} by default. An explicit
 * {@code management.tracing.export.zipkin.enabled} wins.
 */
class ZipkinOnlyWithAnEndpoint implements EnvironmentPostProcessor {

    static final String ENDPOINT = "management.tracing.export.zipkin.endpoint";
    static final String ENABLED = "management.tracing.export.zipkin.enabled";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        var binder = Binder.get(environment);
        if (binder.bind(ENDPOINT, String.class).orElse("").isBlank() && !binder.bind(ENABLED, Boolean.class).isBound()) {
            environment.getPropertySources().addLast(new MapPropertySource("zipkinOnlyWithAnEndpoint", Map.of(ENABLED, false)));
        }
    }
}
