package dev.foodorder.infrastructure.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.zip.ZipFile;

/**
 * A JDK 25 AOT cache for a Spring Boot jar (JEP 483, 514): the classes its start-up loads and
 * links, stored once, so that every later start skips that work. Half of a Boot service's start-up
 * time goes there. The jar is extracted first (the cache cannot hold classes from nested jars),
 * then started once for training against the real Kafka and PostgreSQL, exiting as soon as its
 * context is refreshed. On a JDK older than 25 the jar runs as it is.
 *
 * <p>A cache only fits the JDK and the JVM options it was trained with: the JVM refuses it, with
 * one error line and a slow start, under other compressed-pointer settings (a heap of 32 GiB or
 * more) or object headers, and uses only part of it under another compiler. So there is one cache
 * per JDK and set of options, and the demo and an experiment with other options each keep
 * theirs. Everything is extracted and trained again when the jar's content changes; builds are
 * reproducible, so a rebuild of the same code keeps the caches.
 */
final class AotCache {

    /** Runs a command to its end, its output going to a log line by line; fails if the command does. */
    @FunctionalInterface
    interface Commands {
        void run(List<String> command, Map<String, String> environment, Consumer<String> log) throws IOException;
    }

    static final int FIRST_JDK = 25;
    private static final Map<Path, Object> LOCKS = new ConcurrentHashMap<>();
    private static final AtomicBoolean UNSUPPORTED_REPORTED = new AtomicBoolean();
    /** The JVM warns of every class it leaves out of the cache (hundreds of lines); only its errors matter here. */
    private static final String QUIET = "-Xlog:aot*=error";
    /** Environment variables the JVM reads options from: they change a cache's fit as much as the command line. */
    private static final List<String> OPTION_VARIABLES = List.of("JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS");

    private final Path jar;
    private final Path directory;
    private final Path extracted;
    private final Path fingerprint;
    private final int jdk;
    private final Commands commands;

    AotCache(Path jar) {
        this(jar, Runtime.version().feature(), AotCache::run);
    }

    AotCache(Path jar, int jdk, Commands commands) {
        this.jar = jar;
        this.directory = jar.toAbsolutePath().getParent().resolve("aot-cache");
        this.extracted = directory.resolve("app").resolve(jar.getFileName());
        this.fingerprint = directory.resolve("app.sha256");
        this.jdk = jdk;
        this.commands = commands;
    }

    static boolean supported() {
        return Runtime.version().feature() >= FIRST_JDK;
    }

    /**
     * The options and jar to start the service with: the extracted jar with the cache for these
     * options, training it first if need be; the jar as it is if anything about the cache fails.
     *
     * @param java        the java launcher
     * @param jvmOptions  the service's JVM options: training runs with the same ones
     * @param environment the service's environment, for the training run
     * @param log         where the training run's lines go
     */
    List<String> launch(String java, List<String> jvmOptions, Map<String, String> environment, Consumer<String> log) {
        if (jdk < FIRST_JDK) {
            if (!UNSUPPORTED_REPORTED.getAndSet(true)) {
                log.accept("JDK " + jdk + " has no AOT cache (JDK " + FIRST_JDK + "+ has): services start from their jars as they are");
            }
            return List.of("-jar", jar.toString());
        }
        synchronized (LOCKS.computeIfAbsent(jar.toAbsolutePath(), path -> new Object())) {
            try {
                if (jarChanged()) {
                    extract(java);
                }
                var cache = cacheFor(jvmOptions, environment);
                if (!Files.exists(cache)) {
                    train(java, jvmOptions, cache, environment, log);
                }
                return List.of("-XX:AOTCache=" + cache, QUIET, "-jar", extracted.toString());
            } catch (IOException | RuntimeException e) {
                log.accept("No AOT cache, starting the jar as it is: " + e.getMessage());
                return List.of("-jar", jar.toString());
            }
        }
    }

    /** The cache for a JDK and a set of options, whether trained yet or not. */
    Path cacheFor(List<String> jvmOptions, Map<String, String> environment) {
        var key = new StringBuilder(Runtime.version().toString()).append(' ').append(jdk);
        jvmOptions.forEach(option -> key.append('\n').append(option));
        OPTION_VARIABLES.forEach(name -> key.append('\n').append(name).append('=').append(environment.getOrDefault(name, "")));
        return directory.resolve("app-" + sha256(key.toString()).substring(0, 12) + ".aot");
    }

    private boolean jarChanged() throws IOException {
        return !Files.exists(fingerprint) || !Files.exists(extracted) || !Files.readString(fingerprint).equals(contentOf(jar));
    }

    /** Extracts the jar afresh, dropping the caches of its previous version. */
    private void extract(String java) throws IOException {
        delete(directory);
        Files.createDirectories(directory);
        commands.run(List.of(java, "-Djarmode=tools", "-jar", jar.toString(), "extract", "--destination", extracted.getParent().toString()),
                Map.of(), line -> { });
        if (!Files.exists(extracted)) {
            throw new IllegalStateException("extracting " + jar.getFileName() + " gave no " + extracted);
        }
        Files.writeString(fingerprint, contentOf(jar));
    }

    private void train(String java, List<String> jvmOptions, Path cache, Map<String, String> environment, Consumer<String> log)
            throws IOException {
        log.accept("Training an AOT cache for " + String.join(" ", jvmOptions)
                + ": one start-up against the real Kafka and PostgreSQL, once per build and set of options");
        var command = new ArrayList<>(List.of(java));
        command.addAll(jvmOptions);
        command.addAll(List.of("-XX:AOTCacheOutput=" + cache, QUIET, "-Dspring.context.exit=onRefresh", "-jar", extracted.toString()));
        commands.run(command, environment, log);
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

    /**
     * What the jar holds, read from its central directory: every entry's name, size and CRC. The
     * build stamps every jar with the same time (reproducible builds), so the file's date says
     * nothing, and hashing 90 MB would cost a third of a second at every start.
     */
    private static String contentOf(Path jar) throws IOException {
        try (var zip = new ZipFile(jar.toFile())) {
            var entries = new StringBuilder();
            zip.stream().forEach(entry -> entries.append(entry.getName()).append(' ').append(entry.getSize())
                    .append(' ').append(Long.toHexString(entry.getCrc())).append('\n'));
            return sha256(entries.toString());
        }
    }

    private static String sha256(String text) {
        return HexFormat.of().formatHex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
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
