package dev.foodorder.infrastructure.test;

import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.util.ClassUtils;

import java.util.List;
import java.util.Map;

/**
 * Connects each test class annotated with {@link RealInfrastructure} to the kit's servers the way
 * {@code @ServiceConnection} does: with Spring Boot {@code ConnectionDetails} beans, which its
 * DataSource, Flyway and Kafka (producer, consumer, admin, Streams) auto-configurations prefer over
 * {@code spring.datasource.*} and {@code spring.kafka.*bootstrap-servers}. The database is a fresh one
 * of the class's own on the shared PostgreSQL server.
 *
 * <p>The same beans serve both modes. In containers, Boot's own {@code @ServiceConnection} details
 * would name the container's single database ({@code PostgreSQLContainer.getJdbcUrl()}), not a
 * database per class; and the embedded servers are no containers at all.
 *
 * <p>A service with Spring Security's resource server is pointed at the {@link TestIssuer}, whose tokens the
 * tests send.
 *
 * <p>The customizer is equal only for the same class, so contexts are not shared between classes
 * that would otherwise see each other's rows.
 */
public class RealInfrastructureContextCustomizerFactory implements ContextCustomizerFactory {

    private static final boolean JDBC = present("org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails");
    private static final boolean KAFKA = present("org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails");
    private static final boolean RESOURCE_SERVER = present(
            "org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken");

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
        if (!MergedAnnotations.from(testClass, MergedAnnotations.SearchStrategy.TYPE_HIERARCHY).isPresent(RealInfrastructure.class)) {
            return null;
        }
        return new Customizer(testClass);
    }

    private static boolean present(String className) {
        return ClassUtils.isPresent(className, RealInfrastructureContextCustomizerFactory.class.getClassLoader());
    }

    private record Customizer(Class<?> testClass) implements ContextCustomizer {

        /** The property source of {@code @SpringBootTest(properties = ...)} and {@code @TestPropertySource}. */
        private static final String TEST_PROPERTIES = "Inlined Test Properties";

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
            if (!(context.getBeanFactory() instanceof BeanDefinitionRegistry registry)) {
                throw new IllegalStateException("@RealInfrastructure needs a bean factory that takes bean definitions");
            }
            var infrastructure = Infrastructure.get();
            // The ConnectionDetails types are named only inside these branches, so a module without
            // Boot's JDBC (or Kafka) support never loads them.
            if (JDBC) {
                register(registry, "realInfrastructureJdbcConnectionDetails",
                        new DatabaseConnectionDetails(infrastructure.newDatabase(testClass.getSimpleName())));
            }
            if (KAFKA) {
                register(registry, "realInfrastructureKafkaConnectionDetails",
                        BrokerConnectionDetails.of(infrastructure.kafkaBootstrapServers()));
            }
            // The actuator's port of application.yml is fixed; two contexts (or a running demo) would clash on it.
            addUnderTestProperties(context, new MapPropertySource("realInfrastructureManagementPort",
                    Map.of("management.server.port", "0")));
            if (RESOURCE_SERVER) {
                var issuer = TestIssuer.get();
                addUnderTestProperties(context, new MapPropertySource("realInfrastructureIssuer", Map.of(
                        "spring.security.oauth2.resourceserver.jwt.issuer-uri", issuer.issuerUri(),
                        "spring.security.oauth2.resourceserver.jwt.jwk-set-uri", issuer.jwkSetUri())));
            }
        }

        /** Over application.yml, under what the test class says itself (@SpringBootTest's properties). */
        private static void addUnderTestProperties(ConfigurableApplicationContext context, MapPropertySource source) {
            var sources = context.getEnvironment().getPropertySources();
            if (sources.contains(TEST_PROPERTIES)) {
                sources.addAfter(TEST_PROPERTIES, source);
            } else {
                sources.addFirst(source);
            }
        }

        private static <T> void register(BeanDefinitionRegistry registry, String name, T details) {
            @SuppressWarnings("unchecked")
            var type = (Class<T>) details.getClass();
            registry.registerBeanDefinition(name, new RootBeanDefinition(type, () -> details));
        }
    }
}
