package dev.foodorder.infrastructure.local;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A JDK 25 AOT cache for a Spring Boot jar (JEP 483, 514): the classes its start-up loads and
 * links, stored once, so that every later start skips that work. Half of a Boot service's start-up
 * time goes there. The jar is extracted first (the cache cannot hold classes from nested jars),
 * then started once for training against the real Kafka and PostgreSQL, exiting as soon as its
 * context is refreshed. Training runs again only when the jar's content changes; builds are
 * reproducible, so a rebuild of the same code keeps the cache. On a JDK older than 25 the jar runs as it is.
 */
final class AotCache {

    private static final Map<Path, Object> LOCKS = new ConcurrentHashMap<>();
    /** The JVM warns of every class it leaves out of the cache (hundreds of lines); only its errors matter here. */
    private static final String QUIET = "-Xlog:aot*=error";

    private final Path jar;
    private final Path directory;
    private final Path extracted;
    private final Path cache;
    private final Path fingerprint;

    AotCache(Path jar) {
        this.jar = jar;
        this.directory = jar.toAbsolutePath().getParent().resolve("aot-cache");
        this.extracted = directory.resolve("app").resolve(jar.getFileName());
        this.cache = directory.resolve("app.aot");
        this.fingerprint = directory.resolve("app.sha256");
    }

    static boolean supported() {
        return Runtime.version().feature() >= 25;
    }

    /**
     * The options and jar to start the service with: the extracted jar with its cache, training
     * the cache first if need be; the jar as it is if anything about the cache fails.
     *
     * @param java        the java launcher
     * @param jvmOptions  the service's JVM options: training must run with the same ones
     * @param environment the service's environment, for the training run
     * @param log         where the training run's lines go
     */
    List<String> launch(String java, List<String> jvmOptions, Map<String, String> environment, Consumer<String> log) {
        if (!supported()) {
            return List.of("-jar", jar.toString());
        }
        synchronized (LOCKS.computeIfAbsent(jar.toAbsolutePath(), path -> new Object())) {
            try {
                var digest = sha256(jar);
                if (!Files.exists(cache) || !Files.exists(fingerprint) || !Files.readString(fingerprint).equals(digest)) {
                    train(java, jvmOptions, environment, log);
                    Files.writeString(fingerprint, digest);
                }
                return List.of("-XX:AOTCache=" + cache, QUIET, "-jar", extracted.toString());
            } catch (IOException | RuntimeException e) {
                log.accept("No AOT cache, starting the jar as it is: " + e.getMessage());
                return List.of("-jar", jar.toString());
            }
        }
    }

    private void train(String java, List<String> jvmOptions, Map<String, String> environment, Consumer<String> log)
            throws IOException {
        delete(directory);
        Files.createDirectories(directory);
        run(List.of(java, "-Djarmode=tools", "-jar", jar.toString(), "extract", "--destination", extracted.getParent().toString()),
                Map.of(), line -> { });
        log.accept("Training its AOT cache: one start-up against the real Kafka and PostgreSQL, once per build");
        var command = new ArrayList<>(List.of(java));
        command.addAll(jvmOptions);
        command.addAll(List.of("-XX:AOTCacheOutput=" + cache, QUIET, "-Dspring.context.exit=onRefresh", "-jar", extracted.toString()));
        run(command, environment, log);
        if (!Files.exists(cache)) {
            throw new IllegalStateException("the training run wrote no cache");
        }
    }

    private static void run(List<String> command, Map<String, String> environment, Consumer<String> log) throws IOException {
        var builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        var process = builder.start();
        try (var output = process.inputReader()) {
            output.lines().forEach(log);
            if (!process.waitFor(3, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command.subList(Math.max(0, command.size() - 3), command.size()))
                        + " failed");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String sha256(Path file) throws IOException {
        try (var in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(in.getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JVM has SHA-256", e);
        }
    }

    private static void delete(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (var paths = Files.walk(directory)) {
            for (var path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
