package dev.foodorder.bench;

import dev.foodorder.infrastructure.Directories;
import dev.foodorder.infrastructure.PostgresServer;
import dev.foodorder.infrastructure.local.JavaOptions;
import dev.foodorder.infrastructure.local.SystemStack;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * A fresh stack of the benchmark's own, started by the same {@link SystemStack} as
 * {@code ./run-local.sh} but on free ports and with empty data, so that runs compare and a running
 * demo is left alone. Being their parent, the benchmark knows every process it has to measure, and
 * how long the stack took from launch to ready.
 */
final class OwnStack implements Stack {

    private final Path directory;
    private final SystemStack stack;

    private OwnStack(Path directory, SystemStack stack) {
        this.directory = directory;
        this.stack = stack;
    }

    /**
     * @param directory where the broker's and the database's data go; emptied first, deleted on close
     * @param log       where the services' output goes (each line prefixed with the service's name)
     */
    static OwnStack start(Options options, Path directory, PrintStream log) {
        Directories.deleteRecursively(profiles(directory));
        var stack = SystemStack.builder(options.root())
                .dataDirectory(directory)
                .fresh(true)
                .deleteOnClose(true)
                .freePorts(true)
                // The flow an order takes, as in every run before the read side existed; --analytics adds it.
                .instances(options.analytics() ? SystemStack.SERVICES : SystemStack.ORDER_FLOW)
                .javaOptions(javaOptions(options))
                .postgresSettings(postgresSettings(options))
                .environment(options.serviceEnvironment())
                .instanceEnvironment(instance -> options.profile() ? profiling(directory, instance.module()) : Map.of())
                .logs(instance -> log)
                .start();
        return new OwnStack(directory, stack);
    }

    /**
     * Added to the launcher's own options; the recording is dumped when the service stops (SIGTERM). Stacks
     * are kept 256 frames deep, not JFR's 64: a request on a virtual thread is deeper than 64 frames, and a
     * cut stack loses its outer frames (Tomcat, the filters), whose inclusive shares then read too low.
     */
    private static Map<String, String> profiling(Path directory, String module) {
        var recording = profile(directory, module);
        Directories.create(recording.getParent());
        return Map.of("JAVA_TOOL_OPTIONS", "-XX:FlightRecorderOptions=stackdepth=256 "
                + "-XX:StartFlightRecording=filename=%s,settings=profile,dumponexit=true".formatted(recording));
    }

    /**
     * As run-local.sh: C1 only but for the order service ({@link JavaOptions#crowded}). {@code
     * --service-java-options} come last, so that they win: an experiment with, say, -XX:TieredStopAtLevel=4
     * needs no change here, and gets an AOT cache of its own.
     */
    private static Function<SystemStack.Instance, List<String>> javaOptions(Options options) {
        return instance -> JavaOptions.concat(JavaOptions.crowded(System.getenv(), instance.module()),
                JavaOptions.split(options.serviceJavaOptions()));
    }

    private static Path profiles(Path directory) {
        return directory.resolveSibling("profiles");
    }

    private static Path profile(Path directory, String module) {
        return profiles(directory).resolve(module + ".jfr");
    }

    @Override
    public URI identityService() {
        return URI.create(stack.issuer());
    }

    @Override
    public URI orderService() {
        return uri(SystemStack.ORDER);
    }

    @Override
    public URI inventoryService() {
        return uri(SystemStack.INVENTORY);
    }

    @Override
    public URI notificationService() {
        return uri(SystemStack.NOTIFICATION);
    }

    @Override
    public URI actuator(String module) {
        var instance = SystemStack.ORDER_FLOW.stream().filter(service -> service.module().equals(module)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No service " + module + " in the stack"));
        return URI.create("http://127.0.0.1:" + stack.service(instance.name()).managementPort());
    }

    private URI uri(SystemStack.Instance instance) {
        return URI.create("http://127.0.0.1:" + stack.service(instance.name()).port());
    }

    @Override
    public String kafkaBootstrapServers() {
        return stack.kafka().bootstrapServers();
    }

    @Override
    public Map<String, Object> kafkaClient() {
        return stack.kafka().adminProperties();
    }

    @Override
    public PostgresServer postgres() {
        return stack.postgres();
    }

    @Override
    public OptionalDouble readySeconds() {
        return OptionalDouble.of(stack.readySeconds());
    }

    @Override
    public ProcessTable processes() {
        return new ProcessTable(ProcessHandle.current().pid(), "-D " + directory.resolve("postgres"));
    }

    @Override
    public String description() {
        return "fresh stack started by the benchmark (Kafka %s, PostgreSQL %s, services on %s)".formatted(
                stack.kafka().bootstrapServers(), stack.postgres().jdbcUrl(""),
                stack.names().stream().map(name -> String.valueOf(stack.service(name).port())).toList());
    }

    @Override
    public void close() {
        stack.close();
    }

    List<Path> profiles() {
        return ProcessTable.SERVICES.stream().map(module -> profile(directory, module)).filter(Files::exists).toList();
    }

    /** The statistics' settings for --statements, then the run's own --postgres-setting (which win). */
    private static Map<String, String> postgresSettings(Options options) {
        var settings = new LinkedHashMap<String, String>(options.statements() ? Statements.SERVER_SETTINGS : Map.of());
        settings.putAll(options.postgresSettings());
        return settings;
    }
}
