package dev.foodorder.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Reads the services' JFR recordings (taken with {@code --profile}) with the JDK's own {@code jfr}
 * tool and writes, per service, where its CPU went: the share of execution samples spent inside each
 * library (inclusive: a sample in the PostgreSQL driver called by Hibernate counts for both), the
 * busiest threads, and the JDK's own views of hot methods, lock contention, pinned virtual threads
 * and garbage collection.
 */
final class Profiles {

    /** Where time goes, by the packages a sample's stack passes through. */
    private static final Map<String, Pattern> LAYERS = layers();

    private static final Pattern TIME = Pattern.compile("startTime = (\\d\\d:\\d\\d:\\d\\d\\.\\d+) \\((\\d{4}-\\d\\d-\\d\\d)\\)");
    private static final List<String> VIEWS = List.of("hot-methods", "thread-cpu-load", "contention-by-site", "pinned-threads", "gc");

    private Profiles() {
    }

    private static Map<String, Pattern> layers() {
        var layers = new LinkedHashMap<String, Pattern>();
        layers.put("PostgreSQL JDBC driver (org.postgresql)", Pattern.compile("^org\\.postgresql\\."));
        layers.put("HikariCP pool", Pattern.compile("^com\\.zaxxer\\.hikari\\."));
        layers.put("Hibernate ORM", Pattern.compile("^org\\.hibernate\\.(?!validator)"));
        layers.put("Bean Validation (Hibernate Validator)", Pattern.compile("^org\\.hibernate\\.validator\\."));
        layers.put("Spring transactions", Pattern.compile("^org\\.springframework\\.(transaction|orm|jdbc)\\."));
        layers.put("Kafka clients", Pattern.compile("^org\\.apache\\.kafka\\."));
        layers.put("Spring Kafka listener container", Pattern.compile("^org\\.springframework\\.kafka\\."));
        layers.put("Outbox relay", Pattern.compile("^dev\\.foodorder\\.messaging\\.outbox\\.OutboxRelay"));
        layers.put("Jackson (JSON)", Pattern.compile("^(tools\\.jackson|com\\.fasterxml\\.jackson)\\."));
        layers.put("Tomcat (HTTP)", Pattern.compile("^org\\.apache\\.(catalina|coyote|tomcat)\\."));
        layers.put("Spring MVC", Pattern.compile("^org\\.springframework\\.web\\."));
        layers.put("Micrometer (metrics, observation, tracing)", Pattern.compile("^io\\.micrometer\\."));
        layers.put("Logging (Logback, SLF4J)", Pattern.compile("^(ch\\.qos\\.logback|org\\.slf4j)\\."));
        layers.put("the services' own code (dev.foodorder)", Pattern.compile("^dev\\.foodorder\\."));
        return layers;
    }

    /**
     * Writes {@code profile-<service>.txt} for each recording; returns a line per service for the summary.
     *
     * @param from only samples taken after this count: the load, not the start-up
     * @param to   and before this
     */
    static List<String> summarise(List<Path> recordings, Path folder, Instant from, Instant to) throws IOException, InterruptedException {
        Files.createDirectories(folder);
        var notes = new ArrayList<String>();
        for (var recording : recordings) {
            var service = recording.getFileName().toString().replace(".jfr", "");
            var samples = parse(jfr("print", "--stack-depth", "256", "--events", "jdk.ExecutionSample", recording.toString()),
                    local(from), local(to));
            var text = new StringBuilder("JFR profile of %s (%s), execution samples taken under load, %s to %s%n%n"
                    .formatted(service, recording, local(from).toLocalTime(), local(to).toLocalTime()));
            text.append(samples.describe());
            for (var view : VIEWS) {
                text.append("\n=== jfr view ").append(view).append(" (the whole recording, start-up included)\n")
                        .append(jfr("view", "--width", "180", view, recording.toString()));
            }
            Files.writeString(folder.resolve("profile-" + service + ".txt"), text);
            notes.add("JFR, %s: %s (profile-%s.txt)".formatted(service, samples.top(4), service));
        }
        return notes;
    }

    /** Execution samples counted by layer (inclusive) and by thread. */
    record Samples(int total, Map<String, Integer> byLayer, Map<String, Integer> byThread) {

        String top(int count) {
            return byLayer.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(count)
                    .map(e -> "%s %s".formatted(percent(e.getValue()), e.getKey())).reduce((a, b) -> a + ", " + b).orElse("no samples");
        }

        String describe() {
            var text = new StringBuilder("Execution samples: %d%n%nShare of samples inside each layer (inclusive, so they add up to more than 100%%):%n"
                    .formatted(total));
            byLayer.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                    .forEach(e -> text.append("  %6s  %s%n".formatted(percent(e.getValue()), e.getKey())));
            text.append("\nBusiest threads (samples):\n");
            byThread.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(15)
                    .forEach(e -> text.append("  %6s  %s%n".formatted(percent(e.getValue()), e.getKey())));
            return text.toString();
        }

        private String percent(int samples) {
            return String.format(Locale.ROOT, "%.1f%%", total == 0 ? 0 : 100.0 * samples / total);
        }
    }

    /** The jfr tool prints times in the machine's zone, as {@code 17:52:13.075 (2026-11-23)}. */
    private static LocalDateTime local(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneId.systemDefault());
    }

    /** Parses the text of {@code jfr print --events jdk.ExecutionSample}: one block per sample, its frames indented. */
    static Samples parse(String printed, LocalDateTime from, LocalDateTime to) {
        var byLayer = new TreeMap<String, Integer>();
        var byThread = new TreeMap<String, Integer>();
        int total = 0;
        String thread = null;
        var layersHit = new HashSet<String>();
        boolean inStack = false;
        boolean counted = false;
        for (var raw : printed.lines().toList()) {
            var line = raw.strip();
            if (line.startsWith("jdk.ExecutionSample")) {
                layersHit.clear();
                thread = "?";
                counted = false;
            } else if (line.startsWith("startTime = ")) {
                var at = TIME.matcher(line);
                counted = at.find() && within(LocalDateTime.parse(at.group(2) + "T" + at.group(1)), from, to);
                if (counted) {
                    total++;
                }
            } else if (line.startsWith("sampledThread = ")) {
                // Numbered pool threads differ only by their number: count them together.
                var quoted = line.split("\"", 3);
                thread = (quoted.length > 1 ? quoted[1] : line).replaceAll("\\d+", "N") + (line.contains("virtual)") ? " (virtual)" : "");
            } else if (line.startsWith("stackTrace = [")) {
                inStack = true;
            } else if (inStack && line.startsWith("]")) {
                inStack = false;
                if (!counted) {
                    continue;
                }
                layersHit.forEach(layer -> byLayer.merge(layer, 1, Integer::sum));
                byThread.merge(thread, 1, Integer::sum);
            } else if (inStack) {
                for (var layer : LAYERS.entrySet()) {
                    if (layer.getValue().matcher(line).find()) {
                        layersHit.add(layer.getKey());
                    }
                }
            }
        }
        return new Samples(total, byLayer, byThread);
    }

    private static boolean within(LocalDateTime at, LocalDateTime from, LocalDateTime to) {
        return !at.isBefore(from) && !at.isAfter(to);
    }

    private static String jfr(String... arguments) throws IOException, InterruptedException {
        var command = new ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "jfr").toString());
        command.addAll(List.of(arguments));
        var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        var text = new StringBuilder();
        try (var reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                text.append(line).append('\n');
            }
        }
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
        }
        return text.toString();
    }
}
