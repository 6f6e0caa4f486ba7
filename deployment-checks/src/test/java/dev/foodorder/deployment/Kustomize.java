package dev.foodorder.deployment;

import tools.jackson.databind.JsonNode;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Renders a kustomization offline with {@code kubectl kustomize}, as {@code kubectl apply -k} would. */
final class Kustomize {

    private Kustomize() {
    }

    static List<JsonNode> render(Path kustomization) {
        var kubectl = kubectl();
        try {
            var errors = Files.createTempFile("kustomize", ".log");
            var process = new ProcessBuilder(kubectl.toString(), "kustomize", kustomization.toString())
                    .redirectError(errors.toFile())
                    .start();
            var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new AssertionError("kubectl kustomize " + kustomization + " failed:\n" + Files.readString(errors));
            }
            Files.delete(errors);
            return Yaml.documents(output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A missing kubectl fails the build, never skips it: nothing else can tell whether the overlays render. */
    private static Path kubectl() {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(directory -> Path.of(directory, "kubectl"))
                .filter(Files::isExecutable)
                .findFirst()
                .orElseThrow(() -> new AssertionError("""
                        kubectl is not on the PATH: the Kubernetes checks render the overlays with `kubectl kustomize`.
                        Install it (https://kubernetes.io/docs/tasks/tools/) and run the build again."""));
    }
}
