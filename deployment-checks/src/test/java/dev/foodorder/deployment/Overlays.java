package dev.foodorder.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The kustomizations people apply: the two overlays, each of them with the optional KEDA component,
 * and the local one with the monitoring component that production already has (put together under
 * target/, as a user's own overlay would).
 */
final class Overlays {

    static final String LOCAL = "local";
    static final String PRODUCTION = "production";
    static final String LOCAL_WITH_KEDA = "local with keda-autoscaling";
    static final String PRODUCTION_WITH_KEDA = "production with keda-autoscaling";
    static final String LOCAL_WITH_MONITORING = "local with monitoring";

    static final List<String> NAMES = List.of(LOCAL, PRODUCTION, LOCAL_WITH_KEDA, PRODUCTION_WITH_KEDA, LOCAL_WITH_MONITORING);
    /** Those that hold the monitoring component: the production overlay includes it. */
    static final List<String> MONITORED = List.of(PRODUCTION, PRODUCTION_WITH_KEDA, LOCAL_WITH_MONITORING);

    private static final Map<String, Manifest> RENDERED = new ConcurrentHashMap<>();

    private Overlays() {
    }

    static Manifest rendered(String name) {
        return RENDERED.computeIfAbsent(name, key -> Manifest.render(key, kustomization(key)));
    }

    private static Path kustomization(String name) {
        return switch (name) {
            case LOCAL -> Repository.path("k8s", "overlays", "local");
            case PRODUCTION -> Repository.path("k8s", "overlays", "production");
            case LOCAL_WITH_KEDA -> withComponent("local", "keda-autoscaling");
            case PRODUCTION_WITH_KEDA -> withComponent("production", "keda-autoscaling");
            case LOCAL_WITH_MONITORING -> withComponent("local", "monitoring");
            default -> throw new IllegalArgumentException(name);
        };
    }

    private static Path withComponent(String overlay, String component) {
        var directory = Repository.path("deployment-checks", "target", "kustomize", overlay + "-" + component);
        try {
            Files.createDirectories(directory);
            Files.writeString(directory.resolve("kustomization.yaml"), """
                    apiVersion: kustomize.config.k8s.io/v1beta1
                    kind: Kustomization
                    resources:
                      - ../../../../k8s/overlays/%s
                    components:
                      - ../../../../k8s/components/%s
                    """.formatted(overlay, component));
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
