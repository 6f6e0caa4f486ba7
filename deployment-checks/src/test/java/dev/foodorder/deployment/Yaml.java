package dev.foodorder.deployment;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.Objects;
import java.util.stream.StreamSupport;

/**
 * YAML documents as JSON trees. SnakeYAML reads them because it resolves merge keys
 * ({@code <<: *anchor}), as Docker Compose does.
 */
final class Yaml {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private Yaml() {
    }

    static List<JsonNode> documents(String text) {
        var yaml = new org.yaml.snakeyaml.Yaml(new SafeConstructor(new LoaderOptions()));
        return StreamSupport.stream(yaml.loadAll(text).spliterator(), false)
                .filter(Objects::nonNull)
                .map(document -> JSON.<JsonNode>valueToTree(document))
                .toList();
    }

    static JsonNode document(String text) {
        var documents = documents(text);
        if (documents.size() != 1) {
            throw new IllegalArgumentException("expected one YAML document, found " + documents.size());
        }
        return documents.getFirst();
    }
}
