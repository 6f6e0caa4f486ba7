package dev.foodorder.infrastructure.local;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The JVM options of the processes a local stack starts: the services and the broker. Five JVMs
 * share a laptop (or two cores in CI), so each gets a small heap and the serial collector, whose
 * footprint is the smallest and whose pauses are short on heaps this size. An environment variable
 * replaces the defaults entirely, so that an experiment states every option it runs with.
 */
public final class JavaOptions {

    /** Replaces {@link #SERVICE_DEFAULTS} when set. */
    public static final String SERVICE_VARIABLE = "SERVICE_JAVA_OPTIONS";
    /** Replaces {@link #BROKER_DEFAULTS} when set. */
    public static final String BROKER_VARIABLE = "KAFKA_JAVA_OPTIONS";

    /**
     * Compilation is left to the JVM (full tiered, C2 included), which suits a machine with cores to
     * spare; the launchers of a crowded two-core stack take {@link #crowded} instead. Running out of heap
     * ends the JVM at once, visibly, instead of leaving a service half alive.
     */
    public static final List<String> SERVICE_DEFAULTS = List.of("-Xms64m", "-Xmx256m", "-XX:+UseSerialGC",
            "-XX:MaxMetaspaceSize=256m", "-XX:+ExitOnOutOfMemoryError");
    /**
     * The broker's default heap is 1 GiB; a local broker with a few topics lives in a quarter of it.
     * C1 only, as before: it makes the broker ready two to four seconds sooner on two cores.
     */
    public static final List<String> BROKER_DEFAULTS = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    /**
     * C1 only. With five JVMs on two cores, C2 compiling in the background slows every start-up, and
     * measured in the benchmark it kept compiling for the whole run: 56 ms of CPU per order against
     * C1's 32 (docs/performance.md).
     */
    public static final List<String> QUICK_START = List.of("-XX:TieredStopAtLevel=1");
    /**
     * The modules that compile with C2 even on a crowded stack. The order service answers a request for
     * every order, through Tomcat, Spring MVC, Spring Security, Jackson and Bean Validation: long, hot code
     * that C2 runs on about half of C1's CPU (docs/performance.md, section 21). The consumers' work comes in
     * batches, and C2 bought them nothing measurable, so they keep C1's quicker start.
     */
    public static final Set<String> COMPILED_FOR_PEAK = Set.of("order-service");

    private JavaOptions() {
    }

    /** A service's options: {@value #SERVICE_VARIABLE} from this process's environment, or the defaults. */
    public static List<String> service() {
        return service(System.getenv(), List.of());
    }

    /**
     * A service's options: {@value #SERVICE_VARIABLE} if the environment sets it, else the defaults
     * followed by the caller's additions (later options win, so an addition may override a default).
     */
    public static List<String> service(Map<String, String> environment, List<String> additionsToDefaults) {
        return fromVariable(environment, SERVICE_VARIABLE).orElseGet(() -> concat(SERVICE_DEFAULTS, additionsToDefaults));
    }

    /**
     * A service's options on a crowded stack (a laptop, two cores): {@value #SERVICE_VARIABLE} if the
     * environment sets it, else the defaults with {@link #QUICK_START} for every module but those
     * {@linkplain #COMPILED_FOR_PEAK compiled for peak}.
     */
    public static List<String> crowded(Map<String, String> environment, String module) {
        return service(environment, COMPILED_FOR_PEAK.contains(module) ? List.of() : QUICK_START);
    }

    /** The broker's options: {@value #BROKER_VARIABLE} from this process's environment, or the defaults. */
    public static List<String> broker() {
        return broker(System.getenv());
    }

    static List<String> broker(Map<String, String> environment) {
        return fromVariable(environment, BROKER_VARIABLE).orElse(BROKER_DEFAULTS);
    }

    /** Splits options written on one line (an environment variable, a command-line argument) at white space. */
    public static List<String> split(String options) {
        return options == null || options.isBlank() ? List.of() : List.of(options.trim().split("\\s+"));
    }

    public static List<String> concat(List<String> first, List<String> second) {
        var options = new ArrayList<>(first);
        options.addAll(second);
        return List.copyOf(options);
    }

    private static Optional<List<String>> fromVariable(Map<String, String> environment, String name) {
        var options = split(environment.get(name));
        return options.isEmpty() ? Optional.empty() : Optional.of(options);
    }
}
