package dev.foodorder.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What to run, from the command line of {@code ./bench.sh}. Every load is bounded: each step has a
 * fixed count of orders (open model) or a fixed duration (closed model), and the drain has a deadline.
 *
 * @param rates              open-model steps: orders per second, one step each, in this order
 * @param clients            closed-model step: customers who each place an order and wait for its outcome; 0 for none
 * @param prime              an uncounted ramp up to the first rate, before the first step, for the JVMs' JIT
 * @param warmup             the uncounted start of every step
 * @param duration           the counted part of every step
 * @param drain              how long to wait after the last step for every order to be settled
 * @param idle               the counted part of the idle step after the drain, when nothing is ordered; 0 for none
 * @param running            drive the stack already running on the usual ports instead of starting one
 * @param profile            record a JFR profile of every service (own stack only)
 * @param statements         read what PostgreSQL spent on each statement in each step (own stack only)
 * @param limits             measure Kafka's and PostgreSQL's own limits after the load
 * @param analytics          run the analytics service (the read side) beside the order flow, and count its CPU
 * @param serviceEnvironment extra environment for the services of the own stack, to try a setting without a rebuild
 * @param serviceJavaOptions extra JVM options for the services of the own stack (they win over the launcher's)
 * @param postgresSettings   extra server settings for the own stack's PostgreSQL, to try one without a rebuild
 * @param note               free text written into the results, such as what was being tried
 * @param output             the results folder
 * @param root               the repository, where the service jars and schema files are
 */
record Options(List<Integer> rates, int clients, Duration prime, Duration warmup, Duration duration, Duration drain,
               Duration idle, boolean running, boolean profile, boolean statements, boolean limits, boolean analytics, Map<String, String> serviceEnvironment,
               String serviceJavaOptions, Map<String, String> postgresSettings, String note, Path output, Path root, List<String> arguments) {

    static final String USAGE = """
            ./bench.sh [--no-build] [options]
              --rates 250,500,1000,1500  open-model steps in orders/s (fixed arrival rate) [250,500,1000,1500]
              --clients N             closed-model step: N customers, each waiting for the outcome [32]; 0 skips it
              --prime 90s             uncounted ramp up to the first rate, before anything else [90s]
              --warmup 5s             uncounted start of every step                          [5s]
              --duration 20s          counted part of every step                             [20s]
              --drain 60s             longest wait for the last orders to settle             [60s]
              --idle 60s              then the stack left alone: 30 s to settle, this long counted [60s]; 0 skips it
              --running               drive the stack running on 8081-8083 (Kafka 9092, PostgreSQL 5432)
                                      instead of starting a fresh one on free ports
              --profile               JFR profile of each service (own stack only), summarised in the results
              --statements            PostgreSQL's time for each statement in each step (pg_stat_statements;
                                      own stack only), in statements.md
              --no-limits             skip Kafka's and PostgreSQL's own limits
              --analytics             also run the analytics service (Kafka Streams, the live page) and count its CPU
              --service-env K=V       extra environment for the services (repeatable), e.g.
                                      --service-env MESSAGING_OUTBOX_BATCH_SIZE=1000
              --service-java-options "..."  extra JVM options for the services, e.g. "-XX:TieredStopAtLevel=4"
              --postgres-setting K=V  extra server setting for PostgreSQL (repeatable), e.g.
                                      --postgres-setting commit_delay=500
              --note "text"           recorded with the results
              --output DIR            results folder                          [bench/results/<timestamp>]""";

    static Options parse(String[] args, Path root) {
        // Up to past the target of 1,000 settled orders/s, so that one default run shows where the flow saturates.
        var rates = List.of(250, 500, 1000, 1500);
        var clients = 32;
        // The order service's C2 needs about a minute of load to compile its request path (docs/performance.md, section 21).
        var prime = Duration.ofSeconds(90);
        var warmup = Duration.ofSeconds(5);
        var duration = Duration.ofSeconds(20);
        var drain = Duration.ofSeconds(60);
        var idle = Duration.ofSeconds(60);
        boolean running = false;
        boolean profile = false;
        boolean statements = false;
        boolean limits = true;
        boolean analytics = false;
        var environment = new LinkedHashMap<String, String>();
        var postgresSettings = new LinkedHashMap<String, String>();
        String javaOptions = "";
        String note = "";
        Path output = null;
        for (int i = 0; i < args.length; i++) {
            var arg = args[i];
            switch (arg) {
                case "--rates" -> rates = Arrays.stream(value(args, ++i, arg).split(","))
                        .filter(s -> !s.isBlank()).map(s -> positive(Integer.parseInt(s.strip()), arg)).toList();
                case "--clients" -> clients = Integer.parseInt(value(args, ++i, arg));
                case "--prime" -> prime = duration(value(args, ++i, arg));
                case "--warmup" -> warmup = duration(value(args, ++i, arg));
                case "--duration" -> duration = duration(value(args, ++i, arg));
                case "--drain" -> drain = duration(value(args, ++i, arg));
                case "--idle" -> idle = duration(value(args, ++i, arg));
                case "--running" -> running = true;
                case "--profile" -> profile = true;
                case "--statements" -> statements = true;
                case "--no-limits" -> limits = false;
                case "--analytics" -> analytics = true;
                case "--service-env" -> put(environment, value(args, ++i, arg), arg);
                case "--postgres-setting" -> put(postgresSettings, value(args, ++i, arg), arg);
                case "--service-java-options" -> javaOptions = value(args, ++i, arg);
                case "--note" -> note = value(args, ++i, arg);
                case "--output" -> output = Path.of(value(args, ++i, arg));
                default -> throw new IllegalArgumentException("Unknown option " + arg + "\n" + USAGE);
            }
        }
        if (rates.isEmpty() && clients <= 0) {
            throw new IllegalArgumentException("Nothing to run: give --rates or --clients");
        }
        if (running && (profile || statements || analytics || !environment.isEmpty() || !javaOptions.isBlank() || !postgresSettings.isEmpty())) {
            throw new IllegalArgumentException(
                    "--profile, --statements, --analytics, --service-env, --service-java-options and --postgres-setting need the bench's own stack");
        }
        if (output == null) {
            output = root.resolve("bench").resolve("results")
                    .resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss")));
        }
        return new Options(rates, Math.max(clients, 0), prime, warmup, duration, drain, idle, running, profile, statements, limits, analytics,
                Map.copyOf(environment), javaOptions, Map.copyOf(postgresSettings), note, output.toAbsolutePath(), root, List.of(args));
    }

    /** The steps in the order they run: the priming ramp, the open-model rates, then the closed model. */
    List<Step> steps() {
        var steps = new ArrayList<Step>();
        if (!prime.isZero()) {
            steps.add(Step.prime(rates.isEmpty() ? 50 : rates.getFirst(), prime));
        }
        rates.forEach(rate -> steps.add(Step.open(rate, warmup, duration)));
        if (clients > 0) {
            steps.add(Step.closed(clients, warmup, duration));
        }
        return steps;
    }

    /** The rate the headline figures are quoted at: the highest open-model rate. */
    int headlineRate() {
        return rates.stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static void put(Map<String, String> settings, String pair, String option) {
        var keyAndValue = pair.split("=", 2);
        if (keyAndValue.length != 2 || keyAndValue[0].isBlank()) {
            throw new IllegalArgumentException(option + " wants KEY=VALUE");
        }
        settings.put(keyAndValue[0], keyAndValue[1]);
    }

    private static int positive(int value, String option) {
        if (value <= 0) {
            throw new IllegalArgumentException(option + " must be positive");
        }
        return value;
    }

    static Duration duration(String text) {
        var value = text.strip().toLowerCase();
        if (value.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
        }
        if (value.endsWith("m")) {
            return Duration.ofMinutes(Long.parseLong(value.substring(0, value.length() - 1)));
        }
        return Duration.ofSeconds(Long.parseLong(value.endsWith("s") ? value.substring(0, value.length() - 1) : value));
    }
}
