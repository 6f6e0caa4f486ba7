package dev.foodorder.deployment;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Whether rendered manifests hold a secret value: a Secret with its data, or a setting whose name says it is a
 * password, a secret or a login (a JAAS line carries the password) written out rather than read from a
 * Secret. The operators write theirs (CloudNativePG the owners', the User Operator the Kafka users'); the
 * rest is provided where the manifests are applied. Lists what it finds, one line each; empty when nothing.
 */
final class CommittedSecrets {

    private static final Pattern SECRET_NAME = Pattern.compile("PASSWORD|SECRET|JAAS", Pattern.CASE_INSENSITIVE);

    private CommittedSecrets() {
    }

    static List<String> problems(Manifest manifest) {
        var problems = new ArrayList<String>();
        for (var secret : manifest.ofKind("Secret")) {
            if (!secret.path("data").isEmpty() || !secret.path("stringData").isEmpty()) {
                problems.add("Secret " + Manifest.nameOf(secret) + " holds its values in the manifests");
            }
        }
        for (var map : manifest.ofKind("ConfigMap")) {
            map.path("data").propertyNames().stream().filter(key -> SECRET_NAME.matcher(key).find())
                    .forEach(key -> problems.add("ConfigMap " + Manifest.nameOf(map) + " holds " + key));
        }
        for (var deployment : manifest.ofKind("Deployment")) {
            var pod = deployment.path("spec").path("template").path("spec");
            Stream.concat(pod.path("initContainers").valueStream(), pod.path("containers").valueStream())
                    .flatMap(container -> container.path("env").valueStream())
                    .filter(variable -> variable.has("value") && SECRET_NAME.matcher(variable.path("name").asString()).find())
                    .map(variable -> variable.path("name").asString())
                    .forEach(name -> problems.add("Deployment " + Manifest.nameOf(deployment) + " sets " + name + " in the manifests"));
        }
        return problems;
    }
}
