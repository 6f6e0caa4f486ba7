package dev.foodorder.events;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Compares an event type's JSON Schema with the one released, and names every change that a reader
 * on either side of it could fail on (docs/adr/0018-schema-evolution.md). Both sides count: a consumer
 * built on the release reads the new producers' events, and a new consumer reads the events the old
 * producers left on the topic, on every replay. So a change must widen nothing and narrow nothing,
 * with one exception: a new optional property, which old readers ignore and new ones miss as null.
 *
 * <p>A property is compared with its released self keyword by keyword: {@code type}, {@code enum},
 * {@code required} and {@code properties} by what changed in them, {@code items} and {@code $defs}
 * recursively, and any other keyword ({@code format}, {@code minimum}, {@code pattern}, ...) as a
 * whole, since the Java records enforce the same invariants in their constructors. Words for people
 * ({@code description}, {@code title}, ...) may change freely.
 */
final class SchemaCompatibility {

    /** A change in how an event's JSON looks that a reader on one side of it would fail on. */
    record BreakingChange(String type, String path, String change) {

        @Override
        public String toString() {
            return path + ": " + change;
        }
    }

    private static final Set<String> WORDS_FOR_PEOPLE = Set.of(
            "$schema", "$id", "$comment", "title", "description", "examples", "default", "deprecated");

    /** Compared by what changed in them, or recursively, rather than as a whole. */
    private static final Set<String> STRUCTURE = Set.of("type", "enum", "properties", "required", "items", "$defs");

    private static final Pattern VERSION = Pattern.compile("\\.v(\\d+)$");

    private final String type;
    private final List<BreakingChange> changes = new ArrayList<>();

    private SchemaCompatibility(String type) {
        this.type = type;
    }

    /**
     * @param current the schema of the type today; null if there is none, the type having been removed
     * @return the breaking changes, in the order of the released schema; empty if a reader of either
     *         version reads the other's events
     */
    static List<BreakingChange> breakingChanges(String type, JsonNode released, JsonNode current) {
        var check = new SchemaCompatibility(type);
        if (current == null) {
            check.breaks("$", "the type was removed");
        } else {
            check.compare("$", released, current);
        }
        return List.copyOf(check.changes);
    }

    /** What a build that found breaking changes says: which type, where, what, and what to do instead. */
    static String explain(String type, String release, List<BreakingChange> changes) {
        var version = VERSION.matcher(type);
        var next = version.find() ? version.replaceFirst(".v" + (Integer.parseInt(version.group(1)) + 1)) : type + ".v2";
        var where = changes.stream().map(change -> "  " + change).collect(Collectors.joining("\n"));
        return """
                %s changed incompatibly since release %s:
                %s
                Readers built on %s would fail on the new events, or new readers on the events already on the topic.
                Keep %s as released and publish the change as a new type, %s, beside it until every
                consumer has moved (docs/adr/0018-schema-evolution.md). Within a version, the one change
                allowed is a new optional property.""".formatted(type, release, where, release, type, next);
    }

    private void compare(String path, JsonNode released, JsonNode current) {
        if (!released.isObject() || !current.isObject()) {
            if (!released.equals(current)) {
                breaks(path, "the schema changed from %s to %s".formatted(released, current));
            }
            return;
        }
        var releasedTypes = types(released);
        var currentTypes = types(current);
        if (!releasedTypes.equals(currentTypes)) {
            // Whatever else changed with it follows from the new type: one change says it all.
            breaks(path, "type changed from %s to %s".formatted(describe(releasedTypes), describe(currentTypes)));
            return;
        }
        compareEnums(path, released.get("enum"), current.get("enum"));
        compareProperties(path, released, current);
        if (released.has("items") && current.has("items")) {
            compare(path + "[*]", released.get("items"), current.get("items"));
        } else {
            compareAsAWhole(path, "items", released.get("items"), current.get("items"));
        }
        compareDefinitions(path, released.get("$defs"), current.get("$defs"));
        compareOtherKeywords(path, released, current);
    }

    private void compareEnums(String path, JsonNode released, JsonNode current) {
        if (released == null || current == null) {
            compareAsAWhole(path, "enum", released, current);
            return;
        }
        var before = values(released);
        var after = values(current);
        before.stream().filter(value -> !after.contains(value)).forEach(value ->
                breaks(path, "enum value %s removed: the events already written may carry it".formatted(value)));
        // A Java enum fails on a constant it does not know, so a reader built before the value would dead-letter the event.
        after.stream().filter(value -> !before.contains(value)).forEach(value ->
                breaks(path, "enum value %s added: readers built before it fail on it".formatted(value)));
    }

    private void compareProperties(String path, JsonNode released, JsonNode current) {
        var releasedProperties = released.path("properties");
        var currentProperties = current.path("properties");
        var releasedRequired = values(released.path("required"));
        var currentRequired = values(current.path("required"));
        for (var name : releasedProperties.propertyNames()) {
            var at = path + "." + name;
            if (!currentProperties.has(name)) {
                breaks(at, "property removed");
                continue;
            }
            if (releasedRequired.contains(name) && !currentRequired.contains(name)) {
                breaks(at, "no longer required: readers built before expect it in every event");
            }
            compare(at, releasedProperties.get(name), currentProperties.get(name));
        }
        for (var name : currentRequired) {
            if (!releasedRequired.contains(name)) {
                breaks(path + "." + name, releasedProperties.has(name)
                        ? "newly required: the events already written may lack it"
                        : "new property, and required: the events already written lack it; a new property must be optional");
            }
        }
    }

    private void compareDefinitions(String path, JsonNode released, JsonNode current) {
        if (released == null) {
            return;
        }
        for (var name : released.propertyNames()) {
            var definition = current == null ? null : current.get(name);
            var at = (path.equals("$") ? "" : path + ".") + "$defs." + name;
            if (definition == null) {
                breaks(at, "definition removed");
            } else {
                compare(at, released.get(name), definition);
            }
        }
    }

    private void compareOtherKeywords(String path, JsonNode released, JsonNode current) {
        var keywords = new TreeSet<>(released.propertyNames());
        keywords.addAll(current.propertyNames());
        keywords.removeAll(WORDS_FOR_PEOPLE);
        keywords.removeAll(STRUCTURE);
        keywords.forEach(keyword -> compareAsAWhole(path, keyword, released.get(keyword), current.get(keyword)));
    }

    private void compareAsAWhole(String path, String keyword, JsonNode released, JsonNode current) {
        if (released == null && current != null) {
            breaks(path, "%s %s added".formatted(keyword, current));
        } else if (released != null && current == null) {
            breaks(path, "%s %s removed".formatted(keyword, released));
        } else if (released != null && !released.equals(current)) {
            breaks(path, "%s changed from %s to %s".formatted(keyword, released, current));
        }
    }

    private void breaks(String path, String change) {
        changes.add(new BreakingChange(type, path, change));
    }

    /** A schema's {@code type}, a name or a list of names; none if it allows any. */
    private static Set<String> types(JsonNode schema) {
        var type = schema.get("type");
        if (type == null) {
            return Set.of();
        }
        return type.isArray() ? values(type) : Set.of(type.asString());
    }

    private static String describe(Set<String> types) {
        return switch (types.size()) {
            case 0 -> "any";
            case 1 -> types.iterator().next();
            default -> new TreeSet<>(types).toString();
        };
    }

    /** An array's items as text, in their order; none if it is missing. */
    private static Set<String> values(JsonNode array) {
        return array.valueStream().map(value -> value.isString() ? value.asString() : value.toString())
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }
}
