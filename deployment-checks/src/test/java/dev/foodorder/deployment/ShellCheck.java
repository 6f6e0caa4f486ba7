package dev.foodorder.deployment;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs ShellCheck on the repository's bash scripts, from the repository's root so that
 * {@code source scripts/java-env.sh} is followed ({@code -x}) as the scripts themselves resolve it.
 *
 * <p>Without shellcheck on the PATH the check is skipped, and reported as skipped, as the Kubernetes
 * checks are without kubectl ({@link Kustomize}): the build must pass on any developer's laptop.
 */
final class ShellCheck {

    private static final String SKIPPED = "shellcheck is not on the PATH, so the shell scripts were not checked. To run this "
            + "check, install ShellCheck (apt-get install shellcheck, brew install shellcheck; https://www.shellcheck.net) "
            + "and run ./mvnw verify again";
    /** Never ours to edit: Maven's, and copies the build or a run made. */
    private static final Set<String> NOT_SEARCHED = Set.of(".git", "target", "node_modules", ".local", ".mvn");
    /** Bash scripts without the .sh ending. */
    private static final List<String> EXTENSIONLESS = List.of(".ci/run");

    /** What shellcheck said, and how it ended. */
    record Result(List<String> command, int exitCode, String output) {
    }

    private ShellCheck() {
    }

    /**
     * Every *.sh of the repository and the bash scripts named in {@link #EXTENSIONLESS}, relative to its
     * root. Not mvnw: the Maven Wrapper generates it, and regenerating it must not break the build.
     */
    static List<Path> scripts() {
        var scripts = new ArrayList<Path>();
        try (Stream<Path> files = Files.walk(Repository.ROOT)) {
            files.filter(file -> file.getFileName().toString().endsWith(".sh"))
                    .map(Repository.ROOT::relativize)
                    .filter(file -> Stream.iterate(file.getParent(), parent -> parent != null, Path::getParent)
                            .noneMatch(directory -> NOT_SEARCHED.contains(directory.getFileName().toString())))
                    .sorted()
                    .forEach(scripts::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        EXTENSIONLESS.stream().map(Path::of).forEach(scripts::add);
        return List.copyOf(scripts);
    }

    /** Runs shellcheck on the scripts; skips the calling test when shellcheck is missing. */
    static Result check(List<Path> scripts) {
        var command = new ArrayList<>(List.of(shellcheck().toString(), "--external-sources", "--color=never"));
        // With / on every system: shellcheck (a Haskell program) takes it on Windows too, and the report reads the same.
        scripts.forEach(script -> command.add(script.toString().replace(File.separatorChar, '/')));
        try {
            var process = new ProcessBuilder(command).directory(Repository.ROOT.toFile()).redirectErrorStream(true).start();
            var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("shellcheck did not finish within 60 s");
            }
            return new Result(List.copyOf(command), process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Skips the calling test when shellcheck is missing; on Windows it is shellcheck.exe. */
    private static Path shellcheck() {
        var found = Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .flatMap(directory -> Stream.of("shellcheck", "shellcheck.exe").map(name -> Path.of(directory, name)))
                .filter(Files::isExecutable)
                .findFirst();
        if (found.isEmpty()) {
            // One test uses it, so this is said once.
            System.out.println("[deployment-checks] " + SKIPPED);
        }
        assumeTrue(found.isPresent(), SKIPPED);
        return found.get();
    }
}
