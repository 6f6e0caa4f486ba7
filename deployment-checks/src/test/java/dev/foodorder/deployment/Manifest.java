package dev.foodorder.deployment;

import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The objects one kustomization renders to. */
record Manifest(String name, List<JsonNode> objects) {

    static Manifest render(String name, Path kustomization) {
        return new Manifest(name, Kustomize.render(kustomization));
    }

    List<JsonNode> ofKind(String kind) {
        return objects.stream().filter(object -> kind.equals(object.path("kind").asString())).toList();
    }

    Optional<JsonNode> named(String kind, String name) {
        return ofKind(kind).stream().filter(object -> name.equals(nameOf(object))).findFirst();
    }

    static String nameOf(JsonNode object) {
        return object.path("metadata").path("name").asString();
    }

    /** The names of the Services that an Ingress routes to: the ways in from outside the cluster. */
    Set<String> routedServices() {
        return ofKind("Ingress").stream()
                .flatMap(ingress -> Stream.concat(
                        Stream.of(ingress.path("spec").path("defaultBackend")),
                        ingress.path("spec").path("rules").valueStream()
                                .flatMap(rule -> rule.path("http").path("paths").valueStream())
                                .map(path -> path.path("backend"))))
                .map(backend -> backend.path("service").path("name").asString(""))
                .filter(name -> !name.isEmpty())
                .collect(Collectors.toSet());
    }

    /** Whether a Kubernetes label selector (matchLabels and matchExpressions) selects the labels. */
    static boolean selects(JsonNode selector, JsonNode labels) {
        var matchLabels = selector.path("matchLabels").properties().stream()
                .allMatch(label -> label.getValue().asString().equals(labels.path(label.getKey()).asString(null)));
        var matchExpressions = selector.path("matchExpressions").valueStream().allMatch(expression -> {
            var value = labels.path(expression.path("key").asString()).asString(null);
            var values = expression.path("values").valueStream().map(JsonNode::asString).toList();
            return switch (expression.path("operator").asString()) {
                case "In" -> values.contains(value);
                case "NotIn" -> value == null || !values.contains(value);
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> throw new IllegalArgumentException("no selector operator: " + expression);
            };
        });
        return !selector.isMissingNode() && matchLabels && matchExpressions;
    }

    @Override
    public String toString() {
        return name;
    }
}
