package dev.foodorder.bench;

import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark of the order flow: starts a fresh stack (or uses a running one), places orders
 * through the public API step by step, waits for every order to be settled, checks that none was
 * lost or handled twice, measures the broker's and the database's own limits on the same servers,
 * and writes the results folder. Run by {@code ./bench.sh}; see {@link Options#USAGE}.
 */
public final class Benchmark {

    private static final PrintStream out = System.out;

    private Benchmark() {
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            if (List.of(args).contains("--help")) {
                out.println(Options.USAGE);
                return;
            }
            if (!System.getProperty("os.name", "").startsWith("Linux")) {
                // ProcessTable reads each process's CPU time and memory from /proc: say so now, not after a stack was
                // built and started and the first sample failed.
                System.err.println("The benchmark runs on Linux only: it measures the CPU and memory of each process from /proc, which "
                        + System.getProperty("os.name") + " does not have. ./run-local.sh (run-local.cmd on Windows) and ./mvnw verify "
                        + "run on any system.");
                System.exit(2);
                return;
            }
            options = Options.parse(args, Path.of("").toAbsolutePath());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        run(options);
    }

    private static void run(Options options) throws Exception {
        var startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        var command = ("./bench.sh " + String.join(" ", options.arguments().stream().map(Benchmark::quoted).toList())).strip();
        var target = options.root().resolve("bench").resolve("target");
        Files.createDirectories(target);
        var notes = new ArrayList<String>();

        out.println("[bench] " + command);
        out.println("[bench] results go to " + options.root().relativize(options.output()));
        var singleCore = CpuCalibration.singleCoreMBPerSecond();
        out.printf("[bench] one core hashes %.0f MB/s (SHA-256): runs compare only on hosts as fast%n", singleCore);
        Stack stack;
        OwnStack own = null;
        if (options.running()) {
            stack = new RunningStack();
        } else {
            var log = target.resolve("stack.log");
            out.println("[bench] starting a fresh stack (services' output in " + options.root().relativize(log) + ") ...");
            own = OwnStack.start(options, target.resolve("stack"), new PrintStream(new FileOutputStream(log.toFile()), true, StandardCharsets.UTF_8));
            stack = own;
        }
        var stopping = new Thread(stack::close, "bench-shutdown");
        Runtime.getRuntime().addShutdownHook(stopping);
        try {
            out.println("[bench] " + stack.description());
            stack.readySeconds().ifPresent(seconds -> out.printf("[bench] ready %.1f s after launch%n", seconds));
            var api = new Api(stack);
            var steps = options.steps();
            restock(api, steps);
            var stockBefore = api.stock();

            var clock = new RunClock();
            var runId = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
            var driver = new Driver(api, clock, runId, out);
            List<Step.Window> windows;
            Map<String, long[]> memory;
            List<String> processes;
            List<Sampler.Sample> samples;
            List<Statements.Reading> statementReadings = List.of();
            try (var sampler = new Sampler(stack, api, driver, clock);
                 var statements = options.statements() ? new Statements(stack.postgres(), clock) : null) {
                out.println("[bench] load (run " + runId + "):");
                windows = new ArrayList<>(driver.run(steps));
                drain(options, driver, sampler);
                if (!options.idle().isZero()) {
                    windows.addAll(driver.run(List.of(Step.idle(options.idle()))));
                }
                memory = sampler.memoryByGroup();
                processes = sampler.processList();
                samples = sampler.samples();
                if (statements != null) {
                    statements.readNow();
                    statementReadings = statements.readings();
                }
            }

            out.println("[bench] reading every order and notification back ...");
            var outcomes = Outcomes.collect(api, driver.customers());
            var verification = outcomes.verify(api, driver.placements(), stockBefore, api.stock());
            var analysis = new Analysis(driver.placements(), outcomes, windows, samples, clock);
            notes.addAll(hopByHop(stack, clock, analysis, options));

            KafkaLimits.Result kafka = null;
            PostgresLimits.Result postgres = null;
            if (options.limits()) {
                var recordSize = KafkaLimits.orderPlacedSize(stack.kafkaClient(), 700);
                out.printf("[bench] Kafka's own limits (records of %d B, the size of an OrderPlaced with its headers) ...%n", recordSize);
                kafka = new KafkaLimits(stack.kafkaClient(), target.resolve("kafka-tools.log")).measure(recordSize);
                out.println("[bench] PostgreSQL's own limit (order + outbox row per transaction, 1 and 16 connections) ...");
                postgres = new PostgresLimits(stack.postgres(), options.root()).measure(Duration.ofSeconds(5), recordSize);
            }
            var stackDescription = stack.description() + ", PostgreSQL synchronous_commit "
                    + PostgresLimits.synchronousCommit(stack.postgres(), "food") + " for the services";

            if (own != null) {
                out.println("[bench] stopping the stack ...");
                own.close();
                if (options.profile()) {
                    var load = windows.stream().filter(w -> w.measuredSeconds() > 0).toList();
                    notes.addAll(Profiles.summarise(own.profiles(), options.output(),
                            clock.startedAt().plusMillis(Math.round(load.getFirst().start() * 1000)),
                            clock.startedAt().plusMillis(Math.round(load.getLast().end() * 1000))));
                }
            }
            if (options.statements()) {
                notes.addAll(Statements.write(options.output(), Statements.perStep(statementReadings, analysis.steps)));
            }
            if (!options.serviceEnvironment().isEmpty()) {
                notes.add("Services' extra environment: " + options.serviceEnvironment());
            }
            if (!options.serviceJavaOptions().isBlank()) {
                notes.add("Services' extra JVM options: " + options.serviceJavaOptions());
            }
            if (!options.postgresSettings().isEmpty()) {
                notes.add("PostgreSQL's extra settings: " + options.postgresSettings());
            }
            var run = new Report.Run(options, command, startedAt, stackDescription, singleCore, analysis, verification,
                    stack.readySeconds().isPresent() ? stack.readySeconds().getAsDouble() : null, memory, kafka, postgres,
                    processes, notes);
            var report = new Report(run, options.output());
            report.write();
            printHeadline(report, options);
        } finally {
            stack.close();
            Runtime.getRuntime().removeShutdownHook(stopping);
        }
    }

    /**
     * Tops up every sku the driver orders, so that orders are confirmed rather than rejected for want
     * of stock: the flow under test is the reservation, not running out. The scarce sku is left alone.
     */
    private static void restock(Api api, List<Step> steps) {
        long orders = 0;
        for (var step : steps) {
            // A closed step's count is not known in advance: allow it 2,000 orders a second.
            orders += step.isOpen() ? step.orders() : 2_000L * (step.warmup().toSeconds() + step.duration().toSeconds());
        }
        var needed = (long) Math.ceil(orders * Driver.UNITS_PER_SKU_PER_ORDER * 2);
        var stock = api.stock();
        for (var sku : Driver.SKUS) {
            var level = stock.get(sku);
            if (level == null) {
                throw new IllegalStateException("The inventory stocks no " + sku + ": is this the food-ordering stack?");
            }
            var onHand = level.get("onHand").asLong();
            var missing = Math.min(1_000_000 - onHand, needed - level.get("available").asLong());
            while (missing > 0) {
                var quantity = (int) Math.min(10_000, missing);
                api.restock(sku, quantity);
                missing -= quantity;
            }
        }
    }

    /** Waits until every accepted order is settled and every consumer and relay has caught up, or the drain times out. */
    private static void drain(Options options, Driver driver, Sampler sampler) throws InterruptedException {
        var deadline = System.nanoTime() + options.drain().toNanos();
        out.print("[bench] draining ");
        while (System.nanoTime() < deadline) {
            var sample = sampler.latest();
            if (sample != null && sample.settled() >= driver.accepted.sum()
                    && sample.lag().size() == Sampler.GROUPS.size() && sample.lag().values().stream().allMatch(lag -> lag == 0)
                    && sample.backlog().size() == Sampler.GROUPS.size() && sample.backlog().values().stream().allMatch(backlog -> backlog == 0)) {
                out.println(" settled.");
                return;
            }
            out.print(".");
            TimeUnit.SECONDS.sleep(1);
        }
        out.println(" gave up after " + options.drain().toSeconds() + " s; what is not settled counts as lost.");
    }

    /** Each step's way from PENDING to the verdict, hop by hop (hops.md); a note saying why where the topics could not be read. */
    private static List<String> hopByHop(Stack stack, RunClock clock, Analysis analysis, Options options) {
        try {
            return Hops.write(options.output(), Hops.read(stack.kafkaClient(), clock.startedAt(), Duration.ofSeconds(60))
                    .perStep(Hops.countedOrders(analysis)));
        } catch (RuntimeException e) {
            return List.of("The hops of an order's way were not read back from Kafka: " + e.getMessage());
        }
    }

    private static void printHeadline(Report report, Options options) {
        var summary = report.summary();
        out.println();
        out.println("[bench] ---------------------------------------------------------------");
        for (var key : List.of("rate", "settledOrdersPerSecond", "e2eLatencyMs", "acceptLatencyMs", "maxSettledOrdersPerSecond",
                "lost", "duplicated", "stackRssMiB", "readySeconds", "limits", "machine")) {
            var value = summary.get(key);
            if (value instanceof Map<?, ?> map) {
                var copy = new LinkedHashMap<Object, Object>(map);
                copy.remove("kafka");
                copy.remove("postgres");
                value = copy;
            }
            out.printf(Locale.ROOT, "[bench] %-26s %s%n", key, value);
        }
        out.println("[bench] results: " + options.root().relativize(options.output().resolve("summary.md")));
    }

    private static String quoted(String argument) {
        return argument.isEmpty() || argument.chars().anyMatch(Character::isWhitespace) ? "\"" + argument + "\"" : argument;
    }
}
