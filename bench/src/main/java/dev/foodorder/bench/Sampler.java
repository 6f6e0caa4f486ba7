package dev.foodorder.bench;

import dev.foodorder.infrastructure.local.SystemStack;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.function.Supplier;

/**
 * Once a second, what the system is doing: orders settled so far (the order service's
 * {@code orders.confirmed} and {@code orders.rejected} counters), the requests it refused by reason (its
 * {@code http.admission.refused} counter), each consumer group's lag (committed
 * offsets against the partitions' end offsets), each service's outbox backlog (its
 * {@code outbox.backlog} gauge), and the CPU, the waiting for a core and the memory of every process of the stack.
 */
final class Sampler implements AutoCloseable {

    /**
     * The consumer groups (and outboxes) an order passes through, each named after its module; the analytics' is not
     * one, and the identity service has neither.
     */
    static final List<String> GROUPS = Stream.of(SystemStack.ORDER, SystemStack.INVENTORY, SystemStack.NOTIFICATION)
            .map(SystemStack.Instance::module).toList();
    private static final String REFUSALS = "http.admission.refused";
    private static final Executor PROBES = Executors.newVirtualThreadPerTaskExecutor();

    /**
     * One second of the run. Counters are totals since the sampler started, except {@code refusedByReason}, the
     * order service's own totals since it started (empty when unread); the rest are levels.
     */
    record Sample(double t, String step, long offered, long accepted, long refused, long failed, double settled,
                  Map<String, Double> refusedByReason, Map<String, Long> lag, Map<String, Double> backlog,
                  Map<String, Double> cores, Map<String, Double> waiting, Map<String, Double> rssMiB, double machineCores) {
    }

    private final Stack stack;
    private final Api api;
    private final Driver driver;
    private final RunClock clock;
    private final ProcessTable processes;
    private final Admin admin;
    private final List<Sample> samples = new CopyOnWriteArrayList<>();
    private final EverySecond seconds;
    private final double settledBefore;
    /** The last second's reading of /proc; the sampler's thread alone reads and writes it. */
    private ProcessTable.Snapshot previous;
    private volatile List<String> refusalReasons = List.of();

    Sampler(Stack stack, Api api, Driver driver, RunClock clock) {
        this.stack = stack;
        this.api = api;
        this.driver = driver;
        this.clock = clock;
        this.processes = stack.processes();
        var client = new HashMap<>(stack.kafkaClient());
        client.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 800);
        client.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 900);
        this.admin = Admin.create(client);
        this.settledBefore = settled();
        this.previous = processes.snapshot();
        this.seconds = new EverySecond("sampler", clock, this::sample);
    }

    List<Sample> samples() {
        return List.copyOf(samples);
    }

    Sample latest() {
        return samples.isEmpty() ? null : samples.getLast();
    }

    /** One second's sample, on the sampler's own thread. */
    private void sample() {
        var t = clock.seconds();
        var step = driver.current();
        long offered = driver.offered.sum(), accepted = driver.accepted.sum(), refused = driver.refused.sum(), failed = driver.failed.sum();
        // Side by side and bounded, so that a service too busy to answer costs a gap, not the next second.
        // Idle, nothing moves, and the probes would be most of what the services and the broker do: only
        // /proc is read then, so that the idle step measures the stack rather than the benchmark.
        var quiet = step != null && step.isIdle();
        var settled = quiet ? CompletableFuture.completedFuture(lastSettled()) : probe(() -> settled() - settledBefore, Double.NaN);
        var refusedByReason = quiet ? CompletableFuture.completedFuture(Map.<String, Double>of())
                : probe(this::refusedByReason, Map.<String, Double>of());
        var lag = quiet ? CompletableFuture.completedFuture(Map.<String, Long>of()) : probe(this::lag, Map.<String, Long>of());
        var backlog = quiet ? CompletableFuture.completedFuture(Map.<String, Double>of()) : probe(this::backlog, Map.<String, Double>of());
        var snapshot = processes.snapshot();
        var cores = snapshot.coresSince(previous);
        var rss = new TreeMap<String, Double>();
        snapshot.rssByGroup().forEach((group, bytes) -> rss.put(group, bytes / 1024.0 / 1024.0));
        samples.add(new Sample(t, step == null ? "" : step.name(), offered, accepted, refused, failed, settled.join(),
                refusedByReason.join(), lag.join(), backlog.join(), cores, snapshot.waitingSince(previous), rss,
                snapshot.machineCoresSince(previous)));
        previous = snapshot;
    }

    private double lastSettled() {
        return samples.reversed().stream().mapToDouble(Sample::settled).filter(v -> !Double.isNaN(v)).findFirst().orElse(Double.NaN);
    }

    private static <T> CompletableFuture<T> probe(Supplier<T> probe, T fallback) {
        return CompletableFuture.supplyAsync(probe, PROBES).completeOnTimeout(fallback, 900, TimeUnit.MILLISECONDS);
    }

    private double settled() {
        var service = stack.actuator(SystemStack.ORDER.module());
        var rejected = CompletableFuture.supplyAsync(() -> api.metric(service, "orders.rejected", "COUNT"), PROBES);
        return api.metric(service, "orders.confirmed", "COUNT") + rejected.join();
    }

    /**
     * The requests the order service refused with 503, by the reason its admission control gives. It registers
     * every reason at start, so the list is read once, and each second costs a request per reason only.
     */
    private Map<String, Double> refusedByReason() {
        var service = stack.actuator(SystemStack.ORDER.module());
        if (refusalReasons.isEmpty()) {
            refusalReasons = List.copyOf(api.tagValues(service, REFUSALS, "reason"));
        }
        return api.countsByTag(service, REFUSALS, "reason", refusalReasons);
    }

    private Map<String, Double> backlog() {
        var answers = new LinkedHashMap<String, CompletableFuture<Double>>();
        GROUPS.forEach(service -> answers.put(service, CompletableFuture.supplyAsync(
                () -> api.metric(stack.actuator(service), "outbox.backlog", "VALUE"), PROBES)));
        var backlog = new LinkedHashMap<String, Double>();
        answers.forEach((service, answer) -> backlog.put(service, answer.join()));
        return backlog;
    }

    /** Records each group has yet to handle; a group that has committed nothing yet is left out. */
    private Map<String, Long> lag() {
        var lag = new LinkedHashMap<String, Long>();
        try {
            var specs = new HashMap<String, ListConsumerGroupOffsetsSpec>();
            GROUPS.forEach(group -> specs.put(group, new ListConsumerGroupOffsetsSpec()));
            var committed = admin.listConsumerGroupOffsets(specs).all().get(900, TimeUnit.MILLISECONDS);
            var partitions = new HashMap<TopicPartition, OffsetSpec>();
            committed.values().forEach(offsets -> offsets.keySet().forEach(tp -> partitions.put(tp, OffsetSpec.latest())));
            var ends = admin.listOffsets(partitions).all().get(900, TimeUnit.MILLISECONDS);
            for (var group : GROUPS) {
                long behind = 0;
                for (var entry : committed.getOrDefault(group, Map.of()).entrySet()) {
                    if (entry.getValue() != null && ends.containsKey(entry.getKey())) {
                        behind += Math.max(0, ends.get(entry.getKey()).offset() - entry.getValue().offset());
                    }
                }
                lag.put(group, behind);
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            GROUPS.forEach(group -> lag.put(group, -1L));
        }
        return lag;
    }

    /** The stack's memory now, with PostgreSQL's shared buffers counted once (PSS) as well as per process (RSS). */
    Map<String, long[]> memoryByGroup() {
        var memory = new TreeMap<String, long[]>();
        for (var proc : processes.stackProcesses()) {
            var totals = memory.computeIfAbsent(ProcessTable.group(proc), g -> new long[2]);
            totals[0] += proc.rssBytes();
            totals[1] += ProcessTable.pssBytes(proc.pid());
        }
        return memory;
    }

    /** One line per process group: how many processes, and the command line of its first (oldest) one. */
    List<String> processList() {
        var byGroup = new TreeMap<String, List<ProcessTable.Proc>>();
        processes.stackProcesses().forEach(proc -> byGroup.computeIfAbsent(ProcessTable.group(proc), g -> new ArrayList<>()).add(proc));
        var lines = new ArrayList<String>();
        byGroup.forEach((group, procs) -> {
            procs.sort(Comparator.comparingLong(ProcessTable.Proc::pid));
            var first = procs.getFirst().commandLine().strip().replaceAll("\\s+", " ");
            lines.add("%-20s %2d process%s, pid %d: %s".formatted(group, procs.size(), procs.size() == 1 ? " " : "es",
                    procs.getFirst().pid(), first.length() > 200 ? first.substring(0, 200) + "..." : first));
        });
        return lines;
    }

    @Override
    public void close() {
        seconds.close();
        admin.close();
    }
}
