package dev.foodorder.deployment;

import tools.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.Map;

/** docker-compose.yml, read as Docker Compose reads it (merge keys resolved). */
record ComposeFile(String text, JsonNode root) {

    static ComposeFile load() {
        var text = Repository.read(Repository.path("docker-compose.yml"));
        return new ComposeFile(text, Yaml.document(text));
    }

    JsonNode services() {
        return root.path("services");
    }

    JsonNode service(String name) {
        var service = services().path(name);
        if (service.isMissingNode()) {
            throw new AssertionError("docker-compose.yml has no service " + name);
        }
        return service;
    }

    /** A service's environment, written either as a map or as a list of NAME=value. */
    Map<String, String> environment(String name) {
        var environment = new LinkedHashMap<String, String>();
        var declared = service(name).path("environment");
        if (declared.isArray()) {
            for (var entry : declared) {
                var parts = entry.asString().split("=", 2);
                environment.put(parts[0], parts.length > 1 ? parts[1] : "");
            }
        } else {
            declared.properties().forEach(entry -> environment.put(entry.getKey(), entry.getValue().asString()));
        }
        return environment;
    }

    /** The container port published for a host port ("8081:8081"). */
    int containerPort(String name) {
        var mapping = portMapping(name);
        return Integer.parseInt(mapping[mapping.length - 1].split("/")[0]);
    }

    /** The host port that publishes the container port ("8081:8081", "127.0.0.1:8081:8081"). */
    int hostPort(String name) {
        var mapping = portMapping(name);
        if (mapping.length < 2) {
            throw new AssertionError(name + " publishes its port on a host port Docker picks: " + String.join(":", mapping));
        }
        return Integer.parseInt(mapping[mapping.length - 2]);
    }

    private String[] portMapping(String name) {
        var ports = service(name).path("ports");
        if (ports.size() != 1) {
            throw new AssertionError(name + " should publish exactly one port, publishes " + ports);
        }
        return ports.get(0).asString().split(":");
    }
}
