package dev.foodorder.deployment;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The AsyncAPI document beside the contract (common-events/src/main/resources/asyncapi.yaml): its channels, messages and operations, with the references inside the document
 * followed, and its validation against the official AsyncAPI 3.0.0 JSON Schema (src/test/resources/schemas,
 * see the README there).
 */
record AsyncApiDocument(Path file, JsonNode root) {

    /** JSON Schema draft-07, as the AsyncAPI schema declares; it refers to nothing outside itself, and nothing is fetched. */
    static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7,
            registry -> registry.schemaLoader(loader -> loader.fetchRemoteResources(false)));

    private static final String ASYNCAPI_SCHEMA = "/schemas/asyncapi-3.0.0.schema.json";
    private static Schema asyncApiSchema;

    static AsyncApiDocument load() {
        var file = Repository.path("common-events", "src", "main", "resources", "asyncapi.yaml");
        return new AsyncApiDocument(file, Yaml.document(Repository.read(file)));
    }

    /** What is wrong with a document as AsyncAPI 3.0.0, one line each; empty when it is valid. */
    static List<String> problems(JsonNode document) {
        return asyncApiSchema().validate(document.toString(), InputFormat.JSON).stream()
                .map(error -> error.getInstanceLocation() + " " + error.getMessage())
                .toList();
    }

    /** The node a reference within the document points at (following a chain of them); any other node as it is. */
    JsonNode resolve(JsonNode node) {
        for (int hops = 0; node.has("$ref"); hops++) {
            var reference = node.path("$ref").asString();
            if (!reference.startsWith("#") || hops > 10) {
                throw new IllegalArgumentException("not a reference within the document, or a cycle: " + reference);
            }
            node = root.at(reference.substring(1));
            if (node.isMissingNode()) {
                throw new AssertionError(file.getFileName() + ": " + reference + " points at nothing");
            }
        }
        return node;
    }

    List<JsonNode> channels() {
        return root.path("channels").valueStream().map(this::resolve).toList();
    }

    /** The channel of a topic: the one whose address it is. */
    JsonNode channel(String topic) {
        var channels = channels().stream().filter(channel -> channel.path("address").asString().equals(topic)).toList();
        if (channels.size() != 1) {
            throw new AssertionError(file.getFileName() + " has " + channels.size() + " channels with address " + topic);
        }
        return channels.getFirst();
    }

    List<JsonNode> messages(JsonNode channel) {
        return channel.path("messages").valueStream().map(this::resolve).toList();
    }

    /** The message of an event type: the one on its topic's channel named after it. */
    JsonNode message(String topic, String name) {
        var messages = messages(channel(topic)).stream().filter(message -> message.path("name").asString().equals(name)).toList();
        if (messages.size() != 1) {
            throw new AssertionError("channel " + topic + " has " + messages.size() + " messages named " + name);
        }
        return messages.getFirst();
    }

    List<Operation> operations() {
        return root.path("operations").propertyStream().map(entry -> {
            var operation = resolve(entry.getValue());
            var services = operation.path("tags").valueStream().map(tag -> resolve(tag).path("name").asString()).toList();
            if (services.size() != 1) {
                throw new AssertionError("operation " + entry.getKey() + " should have one tag, the service's name; has " + services);
            }
            var groupIds = operation.at("/bindings/kafka/groupId/enum").valueStream().map(JsonNode::asString).toList();
            return new Operation(entry.getKey(), operation.path("action").asString(), services.getFirst(),
                    resolve(operation.path("channel")).path("address").asString(),
                    operation.path("messages").valueStream().map(message -> resolve(message).path("name").asString())
                            .collect(Collectors.toSet()),
                    groupIds.size() == 1 ? groupIds.getFirst() : null);
        }).toList();
    }

    /**
     * One operation of a service.
     *
     * @param service  the service that performs it: the operation's one tag
     * @param topic    the address of its channel
     * @param messages the names of its messages
     * @param groupId  the consumer group of its Kafka binding; null if it names none
     */
    record Operation(String id, String action, String service, String topic, Set<String> messages, String groupId) {

        boolean sends() {
            return action.equals("send");
        }

        boolean receives() {
            return action.equals("receive");
        }
    }

    private static synchronized Schema asyncApiSchema() {
        if (asyncApiSchema == null) {
            try (var in = AsyncApiDocument.class.getResourceAsStream(ASYNCAPI_SCHEMA)) {
                if (in == null) {
                    throw new IllegalStateException("missing " + ASYNCAPI_SCHEMA);
                }
                asyncApiSchema = SCHEMAS.getSchema(in, InputFormat.JSON);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return asyncApiSchema;
    }
}
