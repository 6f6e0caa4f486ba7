package dev.foodorder.deployment;

import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

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

    @Override
    public String toString() {
        return name;
    }
}
