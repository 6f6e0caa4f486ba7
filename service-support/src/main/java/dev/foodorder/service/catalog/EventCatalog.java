package dev.foodorder.service.catalog;

import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The AsyncAPI document of the contract ({@code asyncapi.yaml} of common-events, beside the JSON Schemas
 * it refers to), as one service serves it: narrowed to what that service sends and receives, with the
 * contract's schema files inlined so that a browser needs nothing else. Messages name their payload
 * and headers by reference, in the multi-format form that Springwolf's UI reads; it means the same as
 * the plain form of the file (AsyncAPI's own schema format is the default).
 */
public final class EventCatalog {

    static final String DOCUMENT = "asyncapi.yaml";
    static final String ASYNCAPI_SCHEMA_FORMAT = "application/vnd.aai.asyncapi+json;version=3.0.0";

    private final JsonMapper json;
    private final ClassLoader resources;

    public EventCatalog(JsonMapper json) {
        this(json, EventCatalog.class.getClassLoader());
    }

    EventCatalog(JsonMapper json, ClassLoader resources) {
        this.json = json;
        this.resources = resources;
    }

    /**
     * @param service a service's {@code spring.application.name}, as the document's tags name it; a name the
     *                document does not know gets the whole system's catalog
     */
    public ObjectNode forService(String service) {
        var document = (ObjectNode) inlineFiles(json.valueToTree(new Yaml().<Map<String, Object>>load(read(DOCUMENT))));
        if (keepOperationsOf(document, service)) {
            document.withObject("/info").put("title", service + ": " + document.at("/info/title").asString());
        }
        shapeMessages(document);
        return document;
    }

    /** A reference to a file (a schema of the contract) becomes the file's content; references within stay. */
    private JsonNode inlineFiles(JsonNode node) {
        if (node.isObject() && node.has("$ref") && !node.path("$ref").asString().startsWith("#")) {
            return inlineFiles(json.readTree(read(node.path("$ref").asString())));
        }
        if (node instanceof ObjectNode object) {
            object.propertyStream().toList().forEach(property -> object.set(property.getKey(), inlineFiles(property.getValue())));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                ((ArrayNode) node).set(i, inlineFiles(node.get(i)));
            }
        }
        return node;
    }

    /** @return whether the service has operations: only those stay, and the channels they use */
    private static boolean keepOperationsOf(ObjectNode document, String service) {
        var tag = "#/components/tags/" + service;
        var operations = document.withObject("/operations");
        var own = operations.propertyStream()
                .filter(operation -> operation.getValue().path("tags").valueStream()
                        .anyMatch(reference -> tag.equals(reference.path("$ref").asString())))
                .map(Map.Entry::getKey)
                .toList();
        if (own.isEmpty()) {
            return false;
        }
        operations.retain(own);
        Set<String> channels = new HashSet<>();
        operations.valueStream().forEach(operation ->
                channels.add(operation.at("/channel/$ref").asString().substring("#/channels/".length())));
        document.withObject("/channels").retain(channels);
        return true;
    }

    /**
     * Every message's payload and headers become named schemas of the components, referred to by the message;
     * its bindings, a reference to shared ones, are copied in.
     */
    private static void shapeMessages(ObjectNode document) {
        var schemas = document.withObject("/components/schemas");
        var bindings = document.withObject("/components/messageBindings");
        document.withObject("/components/messages").properties().forEach(entry -> {
            var name = entry.getKey();
            var message = (ObjectNode) entry.getValue();
            moveToSchemas(message, "payload", name, schemas, reference -> message.putObject("payload")
                    .put("schemaFormat", ASYNCAPI_SCHEMA_FORMAT).set("schema", reference));
            moveToSchemas(message, "headers", name + "Headers", schemas, reference -> message.set("headers", reference));
            var shared = message.at("/bindings/$ref").asString();
            if (shared.startsWith("#/components/messageBindings/")) {
                message.set("bindings", bindings.get(shared.substring("#/components/messageBindings/".length())).deepCopy());
            }
        });
    }

    private static void moveToSchemas(ObjectNode message, String field, String name, ObjectNode schemas,
                                      Consumer<ObjectNode> refer) {
        var schema = message.get(field);
        if (schema == null) {
            return;
        }
        var reference = schema.has("$ref") && schema.size() == 1 ? (ObjectNode) schema.deepCopy() : null;
        if (reference == null) {
            schemas.set(name, schema);
            reference = schemas.objectNode().put("$ref", "#/components/schemas/" + name);
        }
        refer.accept(reference);
    }

    private String read(String resource) {
        try (InputStream in = resources.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("No " + resource + " on the classpath: is common-events a dependency?");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
