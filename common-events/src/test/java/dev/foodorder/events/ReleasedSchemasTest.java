package dev.foodorder.events;

import com.networknt.schema.InputFormat;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Holds every event type to its schema as last released, so that services of that release and of this
 * build can run side by side and read each other's events (docs/adr/0018-schema-evolution.md).
 */
class ReleasedSchemasTest {

    /**
     * The release that runs in production (the image tags of k8s/overlays/production). Releasing copies
     * {@code schemas/} to {@code released-schemas/<version>/} and names the version here.
     */
    private static final String LAST_RELEASE = "0.1.0";

    private static final String SUFFIX = ".schema.json";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    static List<String> releasedTypes() {
        try (Stream<Path> files = Files.list(releasedDirectory())) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(SUFFIX))
                    .map(name -> name.substring(0, name.length() - SUFFIX.length()))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<IntegrationEvent> events() {
        return SampleEvents.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("releasedTypes")
    void aReleasedTypeChangesOnlyAsItsReadersAllow(String type) {
        var released = read(released(type));
        var current = EventType.class.getResourceAsStream("/schemas/" + type + SUFFIX);
        var changes = SchemaCompatibility.breakingChanges(type, released, current == null ? null : read(current));

        assertThat(changes).as(() -> SchemaCompatibility.explain(type, LAST_RELEASE, changes)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("releasedTypes")
    void aReleasedTypeIsStillInTheCatalog(String type) {
        assertThat(EventType.fromType(type))
                .as("%s was released in %s: a consumer of that release may read it; publish it until none does",
                        type, LAST_RELEASE)
                .isPresent();
    }

    /** A consumer of the release that validates what it reads (in any language) accepts the events of this build. */
    @ParameterizedTest
    @MethodSource("events")
    void anEventOfThisBuildIsValidAgainstItsReleasedSchema(IntegrationEvent event) {
        var type = EventType.of(event).type();
        var json = new String(EventCodec.toJson(event), StandardCharsets.UTF_8);

        try (var schema = released(type)) {
            var errors = SCHEMAS.getSchema(schema, InputFormat.JSON).validate(json, InputFormat.JSON,
                    context -> context.executionConfig(config -> config.formatAssertionsEnabled(true)));
            assertThat(errors).isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path releasedDirectory() {
        var directory = ReleasedSchemasTest.class.getResource("/released-schemas/" + LAST_RELEASE);
        assertThat(directory).as("the schemas of release %s", LAST_RELEASE).isNotNull();
        try {
            return Path.of(directory.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static InputStream released(String type) {
        try {
            return Files.newInputStream(releasedDirectory().resolve(type + SUFFIX));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode read(InputStream schema) {
        try (schema) {
            return JSON.readTree(schema);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
