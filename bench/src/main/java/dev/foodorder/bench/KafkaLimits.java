package dev.foodorder.bench;

import dev.foodorder.events.EventType;
import dev.foodorder.events.Topics;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * The broker's own limits on this machine, measured with Kafka's own tools ({@code ProducerPerformance},
 * {@code ConsumerPerformance}, {@code EndToEndLatency} from kafka-tools, each in a JVM of its own, as
 * the distribution's scripts run them) against the stack's broker, with records as large as an
 * {@code OrderPlaced} with its CloudEvents headers.
 */
final class KafkaLimits {

    private static final int RECORDS = 200_000;
    private static final int E2E_RECORDS = 2_000;
    private static final Pattern PRODUCED = Pattern.compile(
            "(\\d+) records sent, ([\\d.]+) records/sec \\(([\\d.]+) MB/sec\\), ([\\d.]+) ms avg latency, ([\\d.]+) ms max latency, "
                    + "(\\d+) ms 50th, (\\d+) ms 95th, (\\d+) ms 99th, (\\d+) ms 99.9th");
    private static final Pattern E2E_AVERAGE = Pattern.compile("Avg latency: ([\\d.]+) ms");
    private static final Pattern E2E_PERCENTILES = Pattern.compile("Percentiles: 50th = (\\d+), 99th = (\\d+), 99.9th = (\\d+)");

    /**
     * @param produceRecordsPerSecond acks=all, default linger, 6 partitions, as fast as it goes
     * @param consumeRecordsPerSecond one consumer reading those records back, group join excluded
     * @param e2eP99Ms                one record at a time, produced (acks=all) and consumed back
     */
    record Result(int recordSize, int records, double produceRecordsPerSecond, double produceMBPerSecond,
                  double produceP99Ms, double consumeRecordsPerSecond, double e2eAverageMs, double e2eP50Ms,
                  double e2eP99Ms, double e2eP999Ms) {
    }

    private final Map<String, Object> client;
    private final String bootstrap;
    private final Path log;

    /** @param client the broker's address and the stack's admin login, which the tools log in with too */
    KafkaLimits(Map<String, Object> client, Path log) {
        this.client = Map.copyOf(client);
        this.bootstrap = String.valueOf(client.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG));
        this.log = log;
    }

    Result measure(int recordSize) throws IOException, InterruptedException {
        var topic = "bench-limits-" + Long.toHexString(System.nanoTime());
        var e2eTopic = topic + "-e2e";
        try (var admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 6, (short) 1), new NewTopic(e2eTopic, 1, (short) 1)))
                    .all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot create the topics for Kafka's limits", e);
        }
        var login = clientConfigFile();
        try {
            var produced = match(PRODUCED, tool("ProducerPerformance", "--bootstrap-server", bootstrap, "--topic", topic,
                    "--num-records", String.valueOf(RECORDS), "--record-size", String.valueOf(recordSize),
                    "--throughput", "-1", "--command-property", "acks=all", "--command-config", login.toString()));
            var consumed = tool("ConsumerPerformance", "--bootstrap-server", bootstrap, "--topic", topic,
                    "--num-records", String.valueOf(RECORDS), "--timeout", "20000", "--command-config", login.toString());
            var e2e = tool("EndToEndLatency", "--bootstrap-server", bootstrap, "--topic", e2eTopic,
                    "--num-records", String.valueOf(E2E_RECORDS), "--producer-acks", "all", "--record-size", String.valueOf(recordSize),
                    "--command-config", login.toString());
            var average = match(E2E_AVERAGE, e2e);
            var percentiles = match(E2E_PERCENTILES, e2e);
            return new Result(recordSize, RECORDS, Double.parseDouble(produced[2]), Double.parseDouble(produced[3]),
                    Double.parseDouble(produced[8]), fetchRecordsPerSecond(consumed), Double.parseDouble(average[1]),
                    Double.parseDouble(percentiles[1]), Double.parseDouble(percentiles[2]), Double.parseDouble(percentiles[3]));
        } finally {
            Files.deleteIfExists(login);
            try (var admin = admin()) {
                admin.deleteTopics(List.of(topic, e2eTopic)).all().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                // A leftover topic of a finished run harms nothing.
            }
        }
    }

    /** The login as the tools take it: a properties file, readable by this user only since it holds a password. */
    private Path clientConfigFile() throws IOException {
        var file = Files.createTempFile("bench-kafka-client", ".properties");
        var properties = new Properties();
        client.forEach((name, value) -> properties.setProperty(name, String.valueOf(value)));
        try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            properties.store(out, "The benchmark's Kafka login");
        }
        return file;
    }

    /** ConsumerPerformance prints a header line and a line of values; fetch.nMsg.sec leaves out joining the group. */
    static double fetchRecordsPerSecond(String output) {
        var lines = output.lines().filter(line -> line.contains(",")).toList();
        for (int i = 0; i + 1 < lines.size(); i++) {
            var header = List.of(lines.get(i).split(",\\s*"));
            var column = header.indexOf("fetch.nMsg.sec");
            if (column >= 0) {
                return Double.parseDouble(lines.get(i + 1).split(",\\s*")[column].strip());
            }
        }
        throw new IllegalStateException("ConsumerPerformance printed no figures:\n" + output);
    }

    static String[] match(Pattern pattern, String output) {
        var matcher = pattern.matcher(output);
        String[] groups = null;
        // The last match: the tools print progress lines before the totals.
        while (matcher.find()) {
            groups = new String[matcher.groupCount() + 1];
            for (int i = 0; i <= matcher.groupCount(); i++) {
                groups[i] = matcher.group(i);
            }
        }
        if (groups == null) {
            throw new IllegalStateException("Expected /" + pattern + "/ in:\n" + output);
        }
        return groups;
    }

    private String tool(String name, String... arguments) throws IOException, InterruptedException {
        var command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-Dlogback.configurationFile=kafka-logback.xml",
                "-cp", System.getProperty("java.class.path"), "org.apache.kafka.tools." + name));
        command.addAll(List.of(arguments));
        var output = Files.createTempFile("bench-" + name, ".txt");
        try {
            var process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!process.waitFor(3, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(name + " did not finish within 3 minutes");
            }
            var text = Files.readString(output, StandardCharsets.UTF_8);
            Files.writeString(log, "## %s %s %s%n%s%n".formatted(Instant.now(), name, String.join(" ", arguments), text),
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + text);
            }
            return text;
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /**
     * The size of an {@code OrderPlaced} record as it is on the broker: key, value and CloudEvents
     * headers of the first one on topic {@code orders}. The perf tools send values only, so this is
     * the value size they are given.
     */
    static int orderPlacedSize(Map<String, Object> client, int fallback) {
        try (var consumer = RawRecords.consumer(client, Map.of())) {
            var partitions = consumer.partitionsFor(Topics.ORDERS, Duration.ofSeconds(5)).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                for (var record : consumer.poll(Duration.ofMillis(500))) {
                    if (EventType.ORDER_PLACED.type().equals(RawRecords.header(record, "ce_type"))) {
                        int size = (record.key() == null ? 0 : record.key().length) + record.value().length;
                        for (var header : record.headers()) {
                            size += header.key().length() + (header.value() == null ? 0 : header.value().length);
                        }
                        return size;
                    }
                }
            }
        } catch (RuntimeException e) {
            // fall through
        }
        return fallback;
    }

    private Admin admin() {
        return Admin.create(client);
    }
}
