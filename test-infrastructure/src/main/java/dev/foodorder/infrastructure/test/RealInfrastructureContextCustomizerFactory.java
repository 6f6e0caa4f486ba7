package dev.foodorder.infrastructure.test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

import java.util.List;
import java.util.Map;

/**
 * Gives each test class annotated with {@link RealInfrastructure} its own database on the shared
 * PostgreSQL server. The customizer is equal only for the same class, so contexts are not shared
 * between classes that would otherwise see each other's rows.
 */
public class RealInfrastructureContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
        if (!MergedAnnotations.from(testClass, MergedAnnotations.SearchStrategy.TYPE_HIERARCHY).isPresent(RealInfrastructure.class)) {
            return null;
        }
        return new Customizer(testClass);
    }

    private record Customizer(Class<?> testClass) implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
            var infrastructure = Infrastructure.get();
            var database = infrastructure.newDatabase(testClass.getSimpleName());
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("realInfrastructure", Map.of(
                    "spring.kafka.bootstrap-servers", infrastructure.kafkaBootstrapServers(),
                    "spring.datasource.url", database.jdbcUrl(),
                    "spring.datasource.username", database.username(),
                    "spring.datasource.password", database.password())));
        }
    }
}
