package dev.foodorder.deployment;

import dev.foodorder.messaging.MessagingProperties;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ByteArrayResource;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/**
 * One service as its image runs it: its executable jar (the one the Dockerfile builds, found on this
 * module's class path), the {@code application.yml} inside it, and the configuration properties that
 * the libraries on its class path declare.
 */
record ServiceModule(String name, Path jar, Map<String, Object> application, Set<ConfigurationPropertyName> properties,
                     Set<ConfigurationPropertyName> maps, Set<String> libraries) {

    /** Every service the compose file builds and the Kubernetes manifests run. */
    static final List<String> NAMES = List.of("order-service", "inventory-service", "notification-service", "analytics-service",
            "identity-service");

    /** The issuer of the tokens, as the identity service and as a resource server are told it. */
    static final String ISSUER = "spring.security.oauth2.authorizationserver.issuer";
    static final String ISSUER_URI = "spring.security.oauth2.resourceserver.jwt.issuer-uri";
    static final String MANAGEMENT_PORT = "management.server.port";

    private static final String METADATA = "META-INF/spring-configuration-metadata.json";
    private static final String ADDITIONAL_METADATA = "META-INF/additional-spring-configuration-metadata.json";
    private static final Map<String, ServiceModule> LOADED = new HashMap<>();

    static List<ServiceModule> all() {
        return NAMES.stream().map(ServiceModule::named).toList();
    }

    static synchronized ServiceModule named(String name) {
        return LOADED.computeIfAbsent(name, ServiceModule::load);
    }

    /** The image that the compose file builds and the Kubernetes manifests run. */
    String image() {
        return "food-ordering/" + name;
    }

    int port() {
        return Integer.parseInt(setting("server.port"));
    }

    /** Whether the actuator has a port of its own, apart from the API's. */
    boolean hasManagementPort() {
        return application.containsKey(MANAGEMENT_PORT);
    }

    /** The actuator's port (health, probes, metrics): the API's port serves no /actuator. */
    int managementPort() {
        return Integer.parseInt(setting(MANAGEMENT_PORT));
    }

    /**
     * Whether the service keeps its state in a PostgreSQL database of its own: it has the driver. One that
     * keeps it in Kafka (a Kafka Streams application's state stores and their changelog topics) has none.
     */
    boolean hasDatabase() {
        return libraries.stream().anyMatch(library -> library.startsWith("postgresql-"));
    }

    /** The names of the services with a database of their own: see {@link #hasDatabase()}. */
    static List<String> withDatabases() {
        return all().stream().filter(ServiceModule::hasDatabase).map(ServiceModule::name).toList();
    }

    /** Whether the service takes part in the events: it has a Kafka client. The identity service has none. */
    boolean hasKafka() {
        return libraries.stream().anyMatch(library -> library.startsWith("kafka-clients-"));
    }

    /** The names of the services with a Kafka client: see {@link #hasKafka()}. */
    static List<String> withKafka() {
        return all().stream().filter(ServiceModule::hasKafka).map(ServiceModule::name).toList();
    }

    /**
     * Whether the service checks the identity service's tokens: it names their issuer. The identity service
     * has the resource server's library too (for its userinfo endpoint), but checks only its own tokens.
     */
    boolean isResourceServer() {
        return application.containsKey(ISSUER_URI);
    }

    /** The names of the services that take the identity service's tokens: see {@link #isResourceServer()}. */
    static List<String> resourceServers() {
        return all().stream().filter(ServiceModule::isResourceServer).map(ServiceModule::name).toList();
    }

    /** The identity service: the one service that issues tokens, under the issuer it is configured with. */
    static ServiceModule authorizationServer() {
        var issuers = all().stream().filter(service -> service.application().containsKey(ISSUER)).toList();
        if (issuers.size() != 1) {
            throw new IllegalStateException("not one service sets " + ISSUER + ": " + issuers.stream().map(ServiceModule::name).toList());
        }
        return issuers.getFirst();
    }

    /**
     * The consumer group the service reads its topics in: a Kafka Streams application's is its application
     * id, which Spring Boot takes from {@code spring.application.name} unless {@code spring.kafka.streams.application-id}
     * says otherwise; that of a service with listeners is {@code spring.kafka.consumer.group-id}.
     */
    String consumerGroup() {
        if (libraries.stream().anyMatch(library -> library.startsWith("kafka-streams-"))) {
            return String.valueOf(application.getOrDefault("spring.kafka.streams.application-id", setting("spring.application.name")));
        }
        return setting("spring.kafka.consumer.group-id");
    }

    /** The database of the default {@code spring.datasource.url}, that every deployment must keep. */
    String database() {
        return Jdbc.database(setting("spring.datasource.url"));
    }

    String setting(String key) {
        return String.valueOf(Objects.requireNonNull(application.get(key), () -> name + " sets no " + key));
    }

    /**
     * Whether Spring Boot would bind this environment variable to a property the service reads, by
     * Spring's own relaxed binding ({@code NOTIFICATIONS_OPERATOR_EMAIL} sets {@code notifications.operator-email}).
     */
    boolean reads(String variable) {
        var environment = ConfigurationPropertySource.from(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(variable, "value")));
        return properties.stream().anyMatch(property -> environment.getConfigurationProperty(property) != null)
                || maps.stream().anyMatch(map -> environment.containsDescendantOf(map) == ConfigurationPropertyState.PRESENT);
    }

    boolean hasLayers() {
        try (var zip = new ZipFile(jar.toFile())) {
            return zip.getEntry("BOOT-INF/layers.idx") != null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ServiceModule load(String name) {
        var jar = executableJar(name);
        var properties = new HashSet<ConfigurationPropertyName>();
        var maps = new HashSet<ConfigurationPropertyName>();
        var libraries = new HashSet<String>();
        Map<String, Object> application;
        try (var zip = new ZipFile(jar.toFile())) {
            var yml = zip.getEntry("BOOT-INF/classes/application.yml");
            if (yml == null) {
                throw new IllegalStateException(jar + " holds no BOOT-INF/classes/application.yml");
            }
            application = flatten(name, zip.getInputStream(yml).readAllBytes());
            application.keySet().forEach(key -> add(properties, key));
            for (var entry : zip.stream().toList()) {
                if (entry.getName().startsWith("BOOT-INF/lib/") && entry.getName().endsWith(".jar")) {
                    libraries.add(entry.getName().substring("BOOT-INF/lib/".length()));
                    readMetadata(zip.getInputStream(entry), properties, maps);
                } else if (entry.getName().equals("BOOT-INF/classes/" + METADATA)) {
                    addMetadata(zip.getInputStream(entry).readAllBytes(), properties, maps);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // The shared modules declare no metadata yet: their settings come from the properties records.
        if (libraries.stream().anyMatch(library -> library.startsWith("messaging-support-"))) {
            propertiesOf(MessagingProperties.class).forEach(property -> add(properties, property));
        }
        return new ServiceModule(name, jar, application, Set.copyOf(properties), Set.copyOf(maps), Set.copyOf(libraries));
    }

    /**
     * The service's jar as Maven resolved it: packaged in this build ({@code target/<module>.jar}, the
     * root pom's finalName), or installed in the local repository ({@code <module>-<version>.jar}).
     */
    private static Path executableJar(String name) {
        var entries = System.getProperty("java.class.path").split(java.io.File.pathSeparator);
        var jarNames = Set.of(name + ".jar", name + "-" + Repository.version() + ".jar");
        for (var entry : entries) {
            var path = Path.of(entry);
            if (jarNames.contains(path.getFileName().toString())) {
                return path;
            }
            if (path.endsWith(Path.of(name, "target", "classes"))) {
                throw new IllegalStateException(name + " is on the class path as classes, not as its executable jar: "
                        + "run these checks with `./mvnw verify` (they read the jars that the images run)");
            }
        }
        throw new IllegalStateException(name + ".jar is not on the class path; build it first: ./mvnw -pl deployment-checks -am verify");
    }

    private static Map<String, Object> flatten(String name, byte[] yml) throws IOException {
        var flat = new HashMap<String, Object>();
        for (PropertySource<?> source : new YamlPropertySourceLoader().load(name, new ByteArrayResource(yml))) {
            var enumerable = (EnumerablePropertySource<?>) source;
            for (var key : enumerable.getPropertyNames()) {
                flat.putIfAbsent(key, Objects.toString(enumerable.getProperty(key)));
            }
        }
        return flat;
    }

    private static void readMetadata(InputStream nestedJar, Set<ConfigurationPropertyName> properties,
                                     Set<ConfigurationPropertyName> maps) throws IOException {
        try (var jar = new ZipInputStream(nestedJar)) {
            ZipEntry entry;
            while ((entry = jar.getNextEntry()) != null) {
                if (entry.getName().equals(METADATA) || entry.getName().equals(ADDITIONAL_METADATA)) {
                    addMetadata(jar.readAllBytes(), properties, maps);
                }
            }
        }
    }

    private static void addMetadata(byte[] json, Set<ConfigurationPropertyName> properties, Set<ConfigurationPropertyName> maps) {
        JsonNode metadata = Yaml.JSON.readTree(new ByteArrayInputStream(json));
        for (var property : metadata.path("properties")) {
            var name = ConfigurationPropertyName.ofIfValid(property.path("name").asString());
            if (name == null) {
                continue;
            }
            properties.add(name);
            if (property.path("type").asString("").startsWith("java.util.Map")) {
                maps.add(name);
            }
        }
    }

    private static void add(Set<ConfigurationPropertyName> properties, String key) {
        var name = ConfigurationPropertyName.ofIfValid(key);
        if (name != null) {
            properties.add(name);
        }
    }

    /** The property names of a {@code @ConfigurationProperties} record, nested records included. */
    static Stream<String> propertiesOf(Class<?> type) {
        var prefix = type.getAnnotation(ConfigurationProperties.class).value();
        return propertiesOf(prefix, type);
    }

    private static Stream<String> propertiesOf(String prefix, Class<?> type) {
        if (!type.isRecord()) {
            return Stream.of(prefix);
        }
        return Arrays.stream(type.getRecordComponents())
                .flatMap(component -> propertiesOf(prefix + "." + kebab(component.getName()), component.getType()));
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }

    /** Reads a JDBC URL of PostgreSQL: {@code jdbc:postgresql://host:port/database}. */
    static final class Jdbc {

        private Jdbc() {
        }

        static URI uri(String jdbcUrl) {
            if (!jdbcUrl.startsWith("jdbc:postgresql://")) {
                throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + jdbcUrl);
            }
            return URI.create(jdbcUrl.substring("jdbc:".length()));
        }

        static String database(String jdbcUrl) {
            return uri(jdbcUrl).getPath().substring(1);
        }

        static String host(String jdbcUrl) {
            return uri(jdbcUrl).getHost();
        }
    }
}
