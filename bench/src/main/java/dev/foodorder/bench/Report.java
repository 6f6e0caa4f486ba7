package dev.foodorder.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.DoubleFunction;
import java.util.function.ToDoubleFunction;

/**
 * Writes the results folder: the raw figures as CSV ({@code orders.csv}, {@code timeseries.csv},
 * {@code seconds.csv}, {@code steps.csv}), {@code summary.json} for machines, {@code summary.md} for
 * people, and SVG charts of latency, throughput, lag and backlog, CPU and memory over the run.
 */
final class Report {

    /** Cores of other work on the machine above which a run is marked as taken on a busy machine. */
    static final double BUSY_OTHER_CORES = 0.25;

    /** Everything measured, gathered by {@link Benchmark}. */
    record Run(Options options, String command, String startedAt, String stack, double singleCoreMBPerSecond,
               Analysis analysis, Outcomes.Verification verification, Double readySeconds, Map<String, long[]> memory,
               KafkaLimits.Result kafka, PostgresLimits.Result postgres, List<String> processes, List<String> notes) {
    }

    private final Run run;
    private final Path folder;

    Report(Run run, Path folder) {
        this.run = run;
        this.folder = folder;
    }

    void write() throws IOException {
        Files.createDirectories(folder);
        writeOrders();
        writeTimeseries();
        writeSeconds();
        writeSteps();
        writeCharts();
        var summary = summary();
        Files.writeString(folder.resolve("summary.json"), Api.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(summary) + "\n");
        Files.writeString(folder.resolve("summary.md"), markdown(summary));
    }

    // ---------------------------------------------------------------- summary.json

    Map<String, Object> summary() {
        var analysis = run.analysis();
        var headline = headline();
        var summary = new LinkedHashMap<String, Object>();
        summary.put("startedAt", run.startedAt());
        summary.put("command", run.command());
        summary.put("note", run.options().note());
        summary.put("machine", machine());
        summary.put("stack", run.stack());
        summary.put("rate", headline == null ? null : headline.window().step().rate());
        summary.put("settledOrdersPerSecond", headline == null ? null : round(headline.settledPerSecond()));
        summary.put("e2eLatencyMs", headline == null ? null : latency(headline.e2e(), headline.window().step().rate()));
        summary.put("acceptLatencyMs", headline == null ? null : latency(headline.accept(), headline.window().step().rate()));
        var best = analysis.steps.stream().max(Comparator.comparingDouble(Analysis.StepResult::settledPerSecond)).orElseThrow();
        summary.put("maxSettledOrdersPerSecond", Map.of("value", round(best.settledPerSecond()), "step", best.window().step().name()));
        summary.put("lost", run.verification().lost());
        summary.put("duplicated", run.verification().duplicated());
        summary.put("verification", run.verification());
        summary.put("stackRssMiB", round(analysis.peakStackRssMiB()));
        summary.put("stackPssMiBAfterLoad", round(memoryTotal(1)));
        summary.put("memoryMiBAfterLoad", memory());
        summary.put("readySeconds", run.readySeconds() == null ? null : round(run.readySeconds()));
        summary.put("idleStackCores", idle().map(s -> round(s.stackCores())).orElse(null));
        summary.put("limits", limits());
        summary.put("ratios", ratios(headline));
        summary.put("steps", analysis.steps.stream().map(this::step).toList());
        return summary;
    }

    /** The step the headline figures are quoted at: the highest open-model rate. */
    Analysis.StepResult headline() {
        var rate = run.options().headlineRate();
        return run.analysis().steps.stream().filter(s -> !s.window().step().isIdle() && s.window().step().rate() == rate)
                .findFirst().orElse(null);
    }

    /** The idle step after the load, if the run had one. */
    Optional<Analysis.StepResult> idle() {
        return run.analysis().steps.stream().filter(s -> s.window().step().isIdle()).findFirst();
    }

    private Map<String, Object> machine() {
        var machine = new LinkedHashMap<String, Object>();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("memoryGiB", round(memoryGiB()));
        machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        machine.put("singleCoreSha256MBPerSecond", round(run.singleCoreMBPerSecond()));
        var other = run.analysis().otherCores();
        machine.put("otherWorkCores", round(other));
        machine.put("busy", other > BUSY_OTHER_CORES);
        return machine;
    }

    private Map<String, Object> latency(Latencies latencies, int rate) {
        var map = new LinkedHashMap<String, Object>();
        map.put("rate", rate);
        map.put("count", latencies.count());
        map.put("p50", round(latencies.p50()));
        map.put("p90", round(latencies.p90()));
        map.put("p99", round(latencies.p99()));
        map.put("p999", round(latencies.p999()));
        map.put("max", round(latencies.max()));
        return map;
    }

    private Map<String, Object> step(Analysis.StepResult s) {
        var step = new LinkedHashMap<String, Object>();
        step.put("name", s.window().step().name());
        step.put("rate", s.window().step().rate());
        step.put("clients", s.window().step().clients());
        step.put("countedSeconds", round(s.window().measuredSeconds()));
        step.put("offeredPerSecond", round(s.offeredPerSecond()));
        step.put("acceptedPerSecond", round(s.acceptedPerSecond()));
        step.put("settledOrdersPerSecond", round(s.settledPerSecond()));
        step.put("refused", s.refused());
        step.put("refusedByReason", s.refusedByReason());
        step.put("failed", s.failed());
        step.put("acceptLatencyMs", latency(s.accept(), s.window().step().rate()));
        step.put("e2eLatencyMs", latency(s.e2e(), s.window().step().rate()));
        var cores = new LinkedHashMap<String, Object>();
        s.cores().forEach((group, value) -> cores.put(group, round(value)));
        cores.put("other work", round(s.otherCores()));
        step.put("cores", cores);
        var perOrder = new LinkedHashMap<String, Object>();
        s.cpuMillisPerOrder().forEach((group, value) -> perOrder.put(group, round(value)));
        step.put("cpuMsPerSettledOrder", perOrder);
        var waiting = new LinkedHashMap<String, Object>();
        s.waiting().forEach((group, value) -> waiting.put(group, round(value)));
        step.put("threadsWaitingForACore", waiting);
        step.put("peakStackRssMiB", round(s.peakStackRssMiB()));
        return step;
    }

    /**
     * Each group's threads that were ready to run but had no core, and how long they waited for each millisecond
     * they ran: on a machine with cores to spare both are near 0; where every hop of an order waits several times
     * its own work, the cores are the queue, and the latency is theirs.
     */
    private void waitingForACore(StringBuilder md, Set<String> groups) {
        md.append("""

                Waiting for a core (threads ready to run that had none, on average over the counted part, from each thread's \
                `schedstat`; in parentheses, milliseconds waited per millisecond on a core):

                """);
        md.append("| step | ").append(String.join(" | ", groups)).append(" | all |\n|---|");
        groups.forEach(g -> md.append("---|"));
        md.append("---|\n");
        for (var s : run.analysis().steps) {
            md.append("| ").append(s.window().step().name()).append(" | ");
            groups.forEach(g -> md.append(waiting(s.waiting().getOrDefault(g, 0.0), s.cores().getOrDefault(g, 0.0))).append(" | "));
            var all = s.waiting().values().stream().mapToDouble(Double::doubleValue).sum();
            md.append(waiting(all, s.cores().values().stream().mapToDouble(Double::doubleValue).sum())).append(" |\n");
        }
    }

    static String waiting(double threads, double cores) {
        return cores >= 0.01 ? "%s (%s)".formatted(fmt2(threads), fmt(threads / cores)) : fmt2(threads);
    }

    /** Where the order service refused requests: for want of a place in time, or for a backpressure signal. */
    private void refusalsByReason(StringBuilder md) {
        var refusing = run.analysis().steps.stream()
                .filter(s -> s.refusedByReason().values().stream().anyMatch(count -> count > 0)).toList();
        if (refusing.isEmpty()) {
            return;
        }
        var reasons = new TreeSet<String>();
        refusing.forEach(s -> reasons.addAll(s.refusedByReason().keySet()));
        md.append("\nRefused by the order service, by reason: its own `http.admission.refused` counter, read once a second, so ");
        md.append("within a second of each counted part. `capacity`: no place came free within the wait, or as many requests ");
        md.append("waited as allowed; any other reason is a backpressure signal (`pending-orders`: too many orders await ");
        md.append("the inventory's answer).\n\n");
        md.append("| step | ").append(String.join(" | ", reasons)).append(" |\n|---|");
        reasons.forEach(reason -> md.append("---|"));
        md.append("\n");
        for (var s : refusing) {
            md.append("| ").append(s.window().step().name()).append(" | ");
            reasons.forEach(reason -> md.append(s.refusedByReason().getOrDefault(reason, 0L)).append(" | "));
            md.append("\n");
        }
    }

    private Map<String, Object> memory() {
        var memory = new LinkedHashMap<String, Object>();
        run.memory().forEach((group, bytes) -> memory.put(group, Map.of("rss", round(bytes[0] / 1048576.0), "pss", round(bytes[1] / 1048576.0))));
        return memory;
    }

    private double memoryTotal(int index) {
        return run.memory().entrySet().stream().filter(e -> !e.getKey().equals(ProcessTable.DRIVER))
                .mapToLong(e -> e.getValue()[index]).sum() / 1048576.0;
    }

    private Map<String, Object> limits() {
        var limits = new LinkedHashMap<String, Object>();
        var kafka = run.kafka();
        var postgres = run.postgres();
        limits.put("kafkaProduceRecordsPerSecond", kafka == null ? null : round(kafka.produceRecordsPerSecond()));
        limits.put("kafkaE2eP99Ms", kafka == null ? null : round(kafka.e2eP99Ms()));
        limits.put("postgresOrderTxPerSecond", postgres == null ? null : round(postgres.txPerSecond16()));
        if (kafka != null) {
            limits.put("kafka", kafka);
        }
        if (postgres != null) {
            var detail = new LinkedHashMap<String, Object>();
            detail.put("connections16", Map.of("txPerSecond", round(postgres.txPerSecond16()), "p50Ms", round(postgres.latency16().p50()),
                    "p99Ms", round(postgres.latency16().p99())));
            detail.put("connections1", Map.of("txPerSecond", round(postgres.txPerSecond1()), "p50Ms", round(postgres.latency1().p50()),
                    "p99Ms", round(postgres.latency1().p99())));
            detail.put("payloadBytes", postgres.payloadBytes());
            limits.put("postgres", detail);
        }
        return limits;
    }

    /** The system's figures as fractions of the machine's limits, so that runs on different machines compare. */
    private Map<String, Object> ratios(Analysis.StepResult headline) {
        var ratios = new LinkedHashMap<String, Object>();
        if (headline == null) {
            return ratios;
        }
        var settled = headline.settledPerSecond();
        if (run.postgres() != null) {
            ratios.put("settledOrdersPerPostgresOrderTx", round4(settled / run.postgres().txPerSecond16()));
        }
        if (run.kafka() != null) {
            ratios.put("settledOrdersPerKafkaRecord", round4(settled / run.kafka().produceRecordsPerSecond()));
            ratios.put("e2eP99OverKafkaE2eP99", round(headline.e2e().p99() / Math.max(1, run.kafka().e2eP99Ms())));
        }
        return ratios;
    }

    // ---------------------------------------------------------------- summary.md

    private String markdown(Map<String, Object> summary) {
        var analysis = run.analysis();
        var verification = run.verification();
        var headline = headline();
        var md = new StringBuilder();
        md.append("# Benchmark of the order flow, ").append(run.startedAt()).append("\n\n");
        md.append("`").append(run.command()).append("`");
        if (!run.options().note().isBlank()) {
            md.append(" (").append(run.options().note()).append(")");
        }
        md.append("\n\n");
        @SuppressWarnings("unchecked")
        var machine = (Map<String, Object>) summary.get("machine");
        md.append("Machine: %s cores, %s GiB, %s, one core hashing %s MB/s (SHA-256, before the load). Stack: %s.%n%n".formatted(
                machine.get("cores"), machine.get("memoryGiB"), machine.get("java"), fmt(run.singleCoreMBPerSecond()), run.stack()));
        if (Boolean.TRUE.equals(machine.get("busy"))) {
            md.append("> **Busy machine:** other work used %.2f cores on average during the counted parts of the steps, "
                    .formatted(analysis.otherCores()))
                    .append("so these figures understate what this machine can do.\n\n");
        }
        md.append("## Headline\n\n| figure | value |\n|---|---|\n");
        if (headline != null) {
            var rate = headline.window().step().rate();
            md.append(row("settled orders/s at %d/s offered".formatted(rate), fmt(headline.settledPerSecond())));
            md.append(row("end-to-end latency at %d/s (p50 / p99 / max)".formatted(rate), ms(headline.e2e())));
            md.append(row("HTTP accept latency at %d/s (p50 / p99 / max)".formatted(rate), ms(headline.accept())));
        }
        @SuppressWarnings("unchecked")
        var best = (Map<String, Object>) summary.get("maxSettledOrdersPerSecond");
        md.append(row("most settled orders/s in any step", best.get("value") + " (" + best.get("step") + ")"));
        md.append(row("lost / duplicated orders", verification.lost() + " / " + verification.duplicated()));
        md.append(row("stack RSS, peak (the services, Kafka, PostgreSQL)", fmt(analysis.peakStackRssMiB()) + " MiB"));
        md.append(row("stack PSS after the load (shared pages counted once)", fmt(memoryTotal(1)) + " MiB"));
        md.append(row("ready after launch", run.readySeconds() == null ? "not measured (running stack)" : fmt(run.readySeconds()) + " s"));
        idle().ifPresent(s -> md.append(row("stack CPU when idle, after the load (%d s counted)".formatted(s.window().step().duration().toSeconds()),
                f3(s.stackCores()) + " cores")));
        md.append("\n");

        md.append("## Steps\n\nOnly the counted part of each step (after its warm-up). Accept latency runs from when the order was due ");
        md.append("to the 202; end-to-end from the order's `placedAt` to its `updatedAt` when CONFIRMED or REJECTED, both the order ");
        md.append("service's own timestamps. Settled/s counts decisions made during the counted part.\n\n");
        md.append("| step | offered/s | accepted/s | settled/s | refused | failed | accept p50 / p99 / max ms | e2e p50 / p99 / max ms | stack RSS MiB |\n");
        md.append("|---|---|---|---|---|---|---|---|---|\n");
        for (var s : analysis.steps) {
            md.append("| %s | %s | %s | %s | %d | %d | %s | %s | %s |%n".formatted(s.window().step().name(), fmt(s.offeredPerSecond()),
                    fmt(s.acceptedPerSecond()), fmt(s.settledPerSecond()), s.refused(), s.failed(), ms(s.accept()), ms(s.e2e()),
                    fmt(s.peakStackRssMiB())));
        }
        refusalsByReason(md);
        md.append("\nCPU (cores, average over the counted part):\n\n");
        var groups = new TreeSet<String>();
        analysis.steps.forEach(s -> groups.addAll(s.cores().keySet()));
        md.append("| step | ").append(String.join(" | ", groups)).append(" | other work |\n|---|");
        groups.forEach(g -> md.append("---|"));
        md.append("---|\n");
        for (var s : analysis.steps) {
            md.append("| ").append(s.window().step().name()).append(" | ");
            // Idle, every process spends hundredths of a core or less: a third decimal shows which.
            DoubleFunction<String> cores = s.window().step().isIdle() ? Report::f3 : Report::fmt2;
            groups.forEach(g -> md.append(cores.apply(s.cores().getOrDefault(g, 0.0))).append(" | "));
            md.append(cores.apply(s.otherCores())).append(" |\n");
        }
        md.append("\nCPU milliseconds per settled order (cores / settled per second; steps that settled little are noisy):\n\n");
        md.append("| step | ").append(String.join(" | ", groups)).append(" | stack (no driver) |\n|---|");
        groups.forEach(g -> md.append("---|"));
        md.append("---|\n");
        for (var s : analysis.steps.stream().filter(s -> !s.window().step().isIdle()).toList()) {
            var perOrder = s.cpuMillisPerOrder();
            md.append("| ").append(s.window().step().name()).append(" | ");
            groups.forEach(g -> md.append(fmt(perOrder.getOrDefault(g, Double.NaN))).append(" | "));
            md.append(fmt(perOrder.getOrDefault("stack", Double.NaN))).append(" |\n");
        }
        waitingForACore(md, groups);

        md.append("\n## Every order, checked\n\n| check | count |\n|---|---|\n");
        md.append(row("accepted (202)", String.valueOf(verification.accepted())));
        md.append(row("confirmed / rejected", verification.confirmed() + " / " + verification.rejected()));
        md.append(row("still pending after the drain", String.valueOf(verification.pending())));
        md.append(row("accepted but unknown to the order service", String.valueOf(verification.missing())));
        md.append(row("decided but the customer never notified", String.valueOf(verification.untold())));
        md.append(row("notified more than once (receipt or outcome)", String.valueOf(verification.duplicatedNotifications())));
        md.append(row("placed without a 202 reaching the driver", String.valueOf(verification.unacknowledged())));
        md.append(row("stock reserved minus units of confirmed orders", String.valueOf(verification.stockMismatch())));

        md.append("\n## The machine's own limits, same broker and database, same run\n\n");
        if (run.kafka() == null && run.postgres() == null) {
            md.append("Not measured in this run (`--no-limits`).\n");
        } else {
            md.append("| limit | value |\n|---|---|\n");
            if (run.kafka() != null) {
                var k = run.kafka();
                md.append(row("Kafka produce, %d B records, acks=all, 6 partitions (ProducerPerformance)".formatted(k.recordSize()),
                        fmt(k.produceRecordsPerSecond()) + " records/s (" + fmt(k.produceMBPerSecond()) + " MB/s, p99 " + fmt(k.produceP99Ms()) + " ms)"));
                md.append(row("Kafka consume (ConsumerPerformance, fetch rate)", fmt(k.consumeRecordsPerSecond()) + " records/s"));
                md.append(row("Kafka end-to-end, one record at a time (EndToEndLatency)",
                        "p50 %s ms, p99 %s ms, p99.9 %s ms".formatted(fmt(k.e2eP50Ms()), fmt(k.e2eP99Ms()), fmt(k.e2eP999Ms()))));
            }
            if (run.postgres() != null) {
                var p = run.postgres();
                md.append(row("PostgreSQL order-shaped transactions (order + outbox row), 16 connections",
                        fmt(p.txPerSecond16()) + " tx/s (p50 " + fmt(p.latency16().p50()) + " ms, p99 " + fmt(p.latency16().p99()) + " ms)"));
                md.append(row("the same, 1 connection", fmt(p.txPerSecond1()) + " tx/s (p50 " + fmt(p.latency1().p50()) + " ms, p99 "
                        + fmt(p.latency1().p99()) + " ms)"));
            }
            @SuppressWarnings("unchecked")
            var ratios = (Map<String, Object>) summary.get("ratios");
            if (!ratios.isEmpty()) {
                md.append("\nRatios at the headline rate: ");
                var parts = new ArrayList<String>();
                ratios.forEach((name, value) -> parts.add("`%s` %s".formatted(name, value instanceof Double d && d < 0.01
                        ? String.format(Locale.ROOT, "%.5f", d) : value)));
                md.append(String.join(", ", parts)).append(".\n");
            }
        }

        md.append("\n## Over time\n\nShaded: warm-up, not counted.\n\n");
        for (var chart : List.of("latency", "throughput", "lag", "cpu", "memory")) {
            md.append("![").append(chart).append("](").append(chart).append(".svg)\n\n");
        }
        md.append("## Memory after the load\n\n| process group | RSS MiB | PSS MiB |\n|---|---|---|\n");
        run.memory().forEach((group, bytes) -> md.append("| %s | %s | %s |%n".formatted(group, fmt(bytes[0] / 1048576.0), fmt(bytes[1] / 1048576.0))));
        if (!run.notes().isEmpty()) {
            md.append("\n## Notes\n\n");
            run.notes().forEach(note -> md.append("- ").append(note).append("\n"));
        }
        md.append("\n## Processes measured\n\n```\n");
        run.processes().forEach(line -> md.append(line).append("\n"));
        md.append("```\n\nRaw figures: `orders.csv` (every order), `seconds.csv` (per second, from the orders), ");
        md.append("`timeseries.csv` (per second, sampled), `steps.csv`; all of the above in `summary.json`.\n");
        return md.toString();
    }

    private static String row(String name, String value) {
        return "| " + name + " | " + value + " |\n";
    }

    private static String ms(Latencies l) {
        return l.count() == 0 ? "-" : fmt(l.p50()) + " / " + fmt(l.p99()) + " / " + fmt(l.max());
    }

    // ---------------------------------------------------------------- CSV

    private void writeOrders() throws IOException {
        var lines = new ArrayList<String>();
        lines.add("index,step,counted,customer,due_s,sent_s,answered_s,http_status,accept_ms,order_id,status,placed_s,decided_s,e2e_ms,error");
        for (var o : run.analysis().orders) {
            var p = o.placement();
            lines.add(String.join(",", String.valueOf(p.index), p.step.name(), String.valueOf(p.counted), p.customerId,
                    f3(o.due()), p.sentNanos < 0 ? "" : f3(p.sentNanos / 1e9), f3(o.answered()), String.valueOf(p.status),
                    p.answeredNanos < 0 ? "" : f3(p.acceptMillis()), p.orderId == null ? "" : p.orderId.toString(),
                    o.order() == null ? "" : o.order().status(), f3(o.placed()), f3(o.decided()), f3(o.e2eMillis()),
                    p.error == null ? "" : '"' + p.error.replace('"', '\'').replace('\n', ' ') + '"'));
        }
        Files.write(folder.resolve("orders.csv"), lines, StandardCharsets.UTF_8);
    }

    private void writeTimeseries() throws IOException {
        var samples = run.analysis().samples;
        var groups = new TreeSet<String>();
        samples.forEach(s -> groups.addAll(s.rssMiB().keySet()));
        var header = new ArrayList<>(List.of("t_s", "step", "offered", "accepted", "refused", "failed", "settled"));
        Sampler.GROUPS.forEach(g -> header.add("lag_" + g));
        Sampler.GROUPS.forEach(g -> header.add("outbox_backlog_" + g));
        groups.forEach(g -> header.add("cpu_cores_" + g));
        groups.forEach(g -> header.add("threads_waiting_" + g));
        groups.forEach(g -> header.add("rss_mib_" + g));
        header.add("machine_cores");
        var lines = new ArrayList<String>();
        lines.add(String.join(",", header));
        for (var s : samples) {
            var row = new ArrayList<>(List.of(f3(s.t()), s.step(), String.valueOf(s.offered()), String.valueOf(s.accepted()),
                    String.valueOf(s.refused()), String.valueOf(s.failed()), f3(s.settled())));
            Sampler.GROUPS.forEach(g -> row.add(String.valueOf(s.lag().getOrDefault(g, -1L))));
            Sampler.GROUPS.forEach(g -> row.add(f3(s.backlog().getOrDefault(g, Double.NaN))));
            groups.forEach(g -> row.add(f3(s.cores().getOrDefault(g, 0.0))));
            groups.forEach(g -> row.add(f3(s.waiting().getOrDefault(g, 0.0))));
            groups.forEach(g -> row.add(f3(s.rssMiB().getOrDefault(g, 0.0))));
            row.add(f3(s.machineCores()));
            lines.add(String.join(",", row));
        }
        Files.write(folder.resolve("timeseries.csv"), lines, StandardCharsets.UTF_8);
    }

    private void writeSeconds() throws IOException {
        var lines = new ArrayList<String>();
        lines.add("second,due,accepted,settled,accept_p50_ms,accept_p99_ms,accept_max_ms,e2e_count,e2e_p50_ms,e2e_p99_ms,e2e_max_ms");
        for (var s : run.analysis().seconds) {
            lines.add(String.join(",", String.valueOf(s.second()), String.valueOf(s.due()), String.valueOf(s.accepted()),
                    String.valueOf(s.settled()), f3(s.accept().p50()), f3(s.accept().p99()), f3(s.accept().max()),
                    String.valueOf(s.e2e().count()), f3(s.e2e().p50()), f3(s.e2e().p99()), f3(s.e2e().max())));
        }
        Files.write(folder.resolve("seconds.csv"), lines, StandardCharsets.UTF_8);
    }

    private void writeSteps() throws IOException {
        var lines = new ArrayList<String>();
        lines.add("step,rate,clients,start_s,counted_from_s,end_s,offered_per_s,accepted_per_s,settled_per_s,refused,failed,"
                + "accept_p50_ms,accept_p99_ms,accept_max_ms,e2e_p50_ms,e2e_p99_ms,e2e_max_ms,other_work_cores,peak_stack_rss_mib");
        for (var s : run.analysis().steps) {
            var w = s.window();
            lines.add(String.join(",", w.step().name(), String.valueOf(w.step().rate()), String.valueOf(w.step().clients()),
                    f3(w.start()), f3(w.measuredFrom()), f3(w.end()), f3(s.offeredPerSecond()), f3(s.acceptedPerSecond()),
                    f3(s.settledPerSecond()), String.valueOf(s.refused()), String.valueOf(s.failed()),
                    f3(s.accept().p50()), f3(s.accept().p99()), f3(s.accept().max()),
                    f3(s.e2e().p50()), f3(s.e2e().p99()), f3(s.e2e().max()), f3(s.otherCores()), f3(s.peakStackRssMiB())));
        }
        Files.write(folder.resolve("steps.csv"), lines, StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- charts

    private void writeCharts() throws IOException {
        var analysis = run.analysis();
        var seconds = analysis.seconds;
        var samples = analysis.samples;

        var latency = steps(new SvgChart("Latency per second (end-to-end by when the order was placed; accept by when it was due)", "ms", true));
        latency.line("e2e p50", perSecond(seconds, s -> s.e2e().p50()));
        latency.line("e2e p99", perSecond(seconds, s -> s.e2e().p99()));
        latency.line("e2e max", perSecond(seconds, s -> s.e2e().max()));
        latency.dashed("accept p50", perSecond(seconds, s -> s.accept().p50()));
        latency.dashed("accept p99", perSecond(seconds, s -> s.accept().p99()));
        write("latency", latency);

        var throughput = steps(new SvgChart("Orders per second", "orders/s", false));
        throughput.dashed("due (offered)", perSecond(seconds, s -> s.due()));
        throughput.line("accepted (202)", perSecond(seconds, s -> s.accepted()));
        throughput.line("settled", perSecond(seconds, s -> s.settled()));
        write("throughput", throughput);

        var lag = steps(new SvgChart("Consumer lag (records) and outbox backlog (rows)", "records / rows", false));
        for (var group : Sampler.GROUPS) {
            lag.line("lag " + group.replace("-service", ""), sampled(samples, s -> s.lag().getOrDefault(group, -1L) < 0 ? Double.NaN : s.lag().get(group)));
        }
        for (var service : Sampler.GROUPS) {
            lag.dashed("outbox " + service.replace("-service", ""), sampled(samples, s -> s.backlog().getOrDefault(service, Double.NaN)));
        }
        write("lag", lag);

        var groups = new TreeSet<String>();
        samples.forEach(s -> groups.addAll(s.cores().keySet()));
        var cpu = steps(new SvgChart("CPU per process group", "cores", false));
        for (var group : groups) {
            cpu.line(group, sampled(samples, s -> s.cores().getOrDefault(group, 0.0)));
        }
        cpu.dashed("whole machine", sampled(samples, Sampler.Sample::machineCores));
        write("cpu", cpu);

        var memory = steps(new SvgChart("Resident memory per process group", "MiB", false));
        for (var group : groups) {
            memory.line(group, sampled(samples, s -> s.rssMiB().getOrDefault(group, 0.0)));
        }
        memory.dashed("stack total", sampled(samples, Analysis::stackRssMiB));
        write("memory", memory);
    }

    private SvgChart steps(SvgChart chart) {
        run.analysis().windows.forEach(w -> chart.step(w.start(), w.measuredFrom(), w.step().name()));
        return chart;
    }

    private void write(String name, SvgChart chart) throws IOException {
        Files.writeString(folder.resolve(name + ".svg"), chart.render());
    }

    private static List<double[]> perSecond(List<Analysis.Second> seconds, ToDoubleFunction<Analysis.Second> value) {
        return seconds.stream().map(s -> new double[]{s.second() + 0.5, value.applyAsDouble(s)}).toList();
    }

    private static List<double[]> sampled(List<Sampler.Sample> samples, ToDoubleFunction<Sampler.Sample> value) {
        return samples.stream().map(s -> new double[]{s.t(), value.applyAsDouble(s)}).toList();
    }

    // ---------------------------------------------------------------- numbers

    private static Double round(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? null : Math.round(value * 100) / 100.0;
    }

    private static Double round4(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? null : Math.round(value * 10000) / 10000.0;
    }

    private static String fmt(double value) {
        if (Double.isNaN(value)) {
            return "-";
        }
        return value >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.1f", value);
    }

    private static String fmt2(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    private static String f3(double value) {
        return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%.3f", value);
    }

    private static double memoryGiB() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
                    .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(0) / 1048576.0;
        } catch (IOException e) {
            return Double.NaN;
        }
    }
}
