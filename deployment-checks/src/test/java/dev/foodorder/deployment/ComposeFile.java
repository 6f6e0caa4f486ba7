package dev.foodorder.deployment;

import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
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

    /** What a service's container runs, written in the exec form ({@code entrypoint: ["bash", "script.sh"]}). */
    List<String> entrypoint(String name) {
        return service(name).path("entrypoint").valueStream().map(JsonNode::asString).toList();
    }

    /**
     * The file of the repository that a service's container sees at this path, through a bind mount of a
     * folder or file of the repository ({@code ./compose/kafka:/etc/food-ordering/kafka:ro}).
     */
    Path mountedFile(String name, String containerPath) {
        for (var volume : service(name).path("volumes")) {
            var parts = volume.asString().split(":");
            var source = parts[0];
            var target = parts.length > 1 ? parts[1] : "";
            if (source.startsWith("./") && (containerPath.equals(target) || containerPath.startsWith(target + "/"))) {
                var rest = containerPath.substring(target.length()).replaceFirst("^/", "");
                return Repository.path(source.substring(2)).resolve(rest);
            }
        }
        throw new AssertionError(name + " mounts nothing of the repository at " + containerPath);
    }

    /** The text of a shell script, with its continued lines joined: one command a line. */
    static List<String> commands(Path script) {
        return Repository.read(script).replace("\\\n", " ").lines().map(String::strip).toList();
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
