package dev.foodorder.bench;

import dev.foodorder.infrastructure.local.SystemStack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The processes of the stack, read from Linux's {@code /proc}: who they are (by command line), the
 * CPU time they used ({@code stat}: utime + stime), their resident memory ({@code stat}: rss) and the
 * time their threads spent runnable but waiting for a core ({@code task/*}{@code /schedstat}).
 * Each process is put in a group (order-service, kafka, postgres, driver, ...); a group's CPU,
 * memory and waiting are the sums over its processes, PostgreSQL's backends included.
 */
final class ProcessTable {

    /** Linux reports CPU time in clock ticks of 1/100 s (USER_HZ) on every architecture the JDK runs on. */
    static final double TICKS_PER_SECOND = 100.0;
    static final long PAGE_SIZE = 4096;
    static final String DRIVER = "driver";
    /** The modules of the system's services, whose jars name their processes. */
    static final List<String> SERVICES = SystemStack.SERVICES.stream().map(SystemStack.Instance::module).toList();

    private static final Path PROC = Path.of("/proc");

    /** One process at one moment. */
    record Proc(long pid, long parent, String command, String commandLine, long cpuTicks, long rssBytes) {
    }

    /**
     * The CPU ticks (by process), run-queue waits (nanoseconds, by thread) and memory of every group, and the
     * whole machine's busy ticks, at one moment.
     */
    record Snapshot(long nanos, Map<String, Map<Long, Long>> ticksByGroup, Map<String, Map<Long, Long>> waitNanosByGroup,
                    Map<String, Long> rssByGroup, long machineBusyTicks) {

        /** The cores each group used between an earlier snapshot and this one. */
        Map<String, Double> coresSince(Snapshot earlier) {
            return rates(ticksByGroup, earlier.ticksByGroup, TICKS_PER_SECOND * secondsSince(earlier));
        }

        /**
         * How many of each group's threads, on average, were ready to run but waited for a core between an
         * earlier snapshot and this one: 0.5 is one thread waiting half the time, or two a quarter of it.
         */
        Map<String, Double> waitingSince(Snapshot earlier) {
            return rates(waitNanosByGroup, earlier.waitNanosByGroup, 1e9 * secondsSince(earlier));
        }

        private double secondsSince(Snapshot earlier) {
            return (nanos - earlier.nanos) / 1e9;
        }

        private static Map<String, Double> rates(Map<String, Map<Long, Long>> now, Map<String, Map<Long, Long>> before,
                                                 double unitsInTheInterval) {
            var rates = new TreeMap<String, Double>();
            now.forEach((group, counters) -> {
                var earlier = before.getOrDefault(group, Map.of());
                long grown = 0;
                // Only processes (or threads) seen both times: one that came or went in between has no interval to measure.
                for (var entry : counters.entrySet()) {
                    var previous = earlier.get(entry.getKey());
                    if (previous != null) {
                        grown += Math.max(0, entry.getValue() - previous);
                    }
                }
                rates.put(group, grown / unitsInTheInterval);
            });
            return rates;
        }

        double machineCoresSince(Snapshot earlier) {
            return (machineBusyTicks - earlier.machineBusyTicks) / TICKS_PER_SECOND / ((nanos - earlier.nanos) / 1e9);
        }
    }

    private final long root;
    private final String postgresMarker;

    /**
     * @param root           only this process and its descendants are looked at (the bench's own stack
     *                       are its children); 0 for every process of the machine
     * @param postgresMarker text in the command line of the PostgreSQL server to measure, such as its
     *                       data directory: its server daemonizes, so it is nobody's descendant
     */
    ProcessTable(long root, String postgresMarker) {
        this.root = root;
        this.postgresMarker = postgresMarker;
    }

    Snapshot snapshot() {
        var nanos = System.nanoTime();
        var ticks = new TreeMap<String, Map<Long, Long>>();
        var waits = new TreeMap<String, Map<Long, Long>>();
        var rss = new TreeMap<String, Long>();
        for (var proc : stackProcesses()) {
            var group = group(proc);
            ticks.computeIfAbsent(group, g -> new HashMap<>()).put(proc.pid(), proc.cpuTicks());
            waits.computeIfAbsent(group, g -> new HashMap<>()).putAll(runQueueNanos(proc.pid()));
            rss.merge(group, proc.rssBytes(), Long::sum);
        }
        return new Snapshot(nanos, ticks, waits, rss, machineBusyTicks());
    }

    /** The processes of the stack and the driver, with their groups. */
    List<Proc> stackProcesses() {
        var all = readAll();
        var self = ProcessHandle.current().pid();
        var inScope = root == 0 ? new HashSet<>(all.keySet()) : descendants(all, root);
        inScope.add(self);
        var result = new ArrayList<Proc>();
        for (var proc : all.values()) {
            var group = group(proc);
            var wanted = "postgres".equals(group) ? postmaster(proc, all).commandLine().contains(postgresMarker)
                    : proc.pid() == self || (group != null && inScope.contains(proc.pid()));
            if (wanted) {
                result.add(proc);
            }
        }
        return result;
    }

    /** The server process a PostgreSQL backend or worker was forked from. */
    private static Proc postmaster(Proc proc, Map<Long, Proc> all) {
        var current = proc;
        var parent = all.get(current.parent());
        while (parent != null && parent.command().equals("postgres")) {
            current = parent;
            parent = all.get(current.parent());
        }
        return current;
    }

    /** The process whose command line contains the text, if one runs: to find a running local stack. */
    static Optional<Long> find(String commandLineText) {
        return readAll().values().stream()
                .filter(proc -> proc.commandLine().contains(commandLineText))
                .filter(proc -> proc.pid() != ProcessHandle.current().pid())
                .map(Proc::pid).findFirst();
    }

    static String group(Proc proc) {
        if (proc.pid() == ProcessHandle.current().pid()) {
            return DRIVER;
        }
        var line = proc.commandLine();
        for (var service : SERVICES) {
            // target/order-service.jar, or the extracted copy its AOT cache runs; a versioned name from older builds
            if (line.contains("/" + service + ".jar") || line.contains("/" + service + "-") && line.contains(".jar")) {
                return service;
            }
        }
        if (line.contains("kafka.Kafka ")) {
            return "kafka";
        }
        if (proc.command().equals("postgres")) {
            return "postgres";
        }
        return null;
    }

    private static Set<Long> descendants(Map<Long, Proc> all, long ancestor) {
        var children = new HashMap<Long, List<Long>>();
        all.values().forEach(proc -> children.computeIfAbsent(proc.parent(), p -> new ArrayList<>()).add(proc.pid()));
        var found = new HashSet<Long>();
        var pending = new ArrayList<Long>(List.of(ancestor));
        while (!pending.isEmpty()) {
            var pid = pending.removeLast();
            if (found.add(pid)) {
                pending.addAll(children.getOrDefault(pid, List.of()));
            }
        }
        return found;
    }

    private static Map<Long, Proc> readAll() {
        var all = new HashMap<Long, Proc>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, entry -> entry.getFileName().toString().chars().allMatch(Character::isDigit))) {
            for (var entry : entries) {
                read(entry).ifPresent(proc -> all.put(proc.pid(), proc));
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read /proc: the benchmark measures processes on Linux only", e);
        }
        return all;
    }

    static Optional<Proc> read(Path directory) {
        try {
            var stat = Files.readString(directory.resolve("stat"), StandardCharsets.UTF_8);
            var commandLine = new String(Files.readAllBytes(directory.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
            return Optional.of(parse(stat, commandLine));
        } catch (IOException | RuntimeException e) {
            // The process ended while we looked.
            return Optional.empty();
        }
    }

    /** Parses {@code /proc/<pid>/stat}; the command, in parentheses, may itself hold spaces and parentheses. */
    static Proc parse(String stat, String commandLine) {
        var open = stat.indexOf('(');
        var close = stat.lastIndexOf(')');
        var pid = Long.parseLong(stat.substring(0, open).strip());
        var command = stat.substring(open + 1, close);
        // Fields after the command, numbered as in proc(5): 3 state, 4 ppid, 14 utime, 15 stime, 24 rss.
        var fields = stat.substring(close + 2).split(" ");
        var parent = Long.parseLong(fields[4 - 3]);
        var ticks = Long.parseLong(fields[14 - 3]) + Long.parseLong(fields[15 - 3]);
        var rss = Long.parseLong(fields[24 - 3]) * PAGE_SIZE;
        return new Proc(pid, parent, command, commandLine, ticks, rss);
    }

    /**
     * The nanoseconds each thread of a process has spent ready to run but waiting for a core since it started, by
     * thread id (unique on the machine): the second field of each thread's {@code schedstat}. Empty if the process
     * ended while we looked, or the kernel keeps no scheduler statistics.
     */
    static Map<Long, Long> runQueueNanos(long pid) {
        var waits = new HashMap<Long, Long>();
        try (DirectoryStream<Path> threads = Files.newDirectoryStream(PROC.resolve(String.valueOf(pid)).resolve("task"))) {
            for (var thread : threads) {
                try {
                    waits.put(Long.parseLong(thread.getFileName().toString()),
                            runQueueNanos(Files.readString(thread.resolve("schedstat"), StandardCharsets.US_ASCII)));
                } catch (IOException | RuntimeException e) {
                    // The thread ended while we looked.
                }
            }
        } catch (IOException | RuntimeException e) {
            // The process ended while we looked.
        }
        return waits;
    }

    /** Parses a {@code schedstat} line: time on a core, time waiting for one (both in ns), time slices. */
    static long runQueueNanos(String schedstat) {
        return Long.parseLong(schedstat.strip().split(" ")[1]);
    }

    /** Busy CPU ticks of the whole machine since boot: user, nice, system, irq and softirq. */
    static long machineBusyTicks() {
        try {
            // cpu user nice system idle iowait irq softirq steal ...
            var first = Files.readAllLines(PROC.resolve("stat")).getFirst().split("\\s+");
            long total = 0;
            for (int i = 1; i < Math.min(first.length, 8); i++) {
                total += Long.parseLong(first[i]);
            }
            return total - Long.parseLong(first[4]) - Long.parseLong(first[5]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Proportional set size (shared pages split between their users), read once at the end: smaps is slow. */
    static long pssBytes(long pid) {
        try (var lines = Files.lines(PROC.resolve(String.valueOf(pid)).resolve("smaps_rollup"))) {
            return lines.filter(line -> line.startsWith("Pss:")).findFirst()
                    .map(line -> Long.parseLong(line.replaceAll("\\D", "")) * 1024).orElse(0L);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
