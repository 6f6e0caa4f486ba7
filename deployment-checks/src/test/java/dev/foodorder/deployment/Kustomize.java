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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Renders a kustomization offline with {@code kubectl kustomize}, as {@code kubectl apply -k} would.
 *
 * <p>Without kubectl on the PATH the rendering checks are skipped, and reported as skipped: the build
 * must pass on any developer's laptop, and kubectl is a tool of Kubernetes users, not of everyone who
 * builds this project. This machine and CI have kubectl, so the checks still run there.
 */
final class Kustomize {

    private static final String SKIPPED = "kubectl is not on the PATH, so the Kubernetes overlays (k8s/) were not "
            + "rendered or checked. To run these checks, install kubectl (https://kubernetes.io/docs/tasks/tools/) "
            + "and run ./mvnw verify again";

    /** The skip is reported by every test it skips, and said once on the console. */
    private static final AtomicBoolean SAID = new AtomicBoolean();

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

    /** Skips the calling test when kubectl is missing; on Windows it is kubectl.exe. */
    private static Path kubectl() {
        var found = Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .flatMap(directory -> Stream.of("kubectl", "kubectl.exe").map(name -> Path.of(directory, name)))
                .filter(Files::isExecutable)
                .findFirst();
        if (found.isEmpty() && SAID.compareAndSet(false, true)) {
            System.out.println("[deployment-checks] " + SKIPPED);
        }
        assumeTrue(found.isPresent(), SKIPPED);
        return found.get();
    }
}
