package dev.foodorder.infrastructure.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

/**
 * The whole system on one machine without Docker: a real Kafka broker (KRaft) on 9092, a real
 * PostgreSQL with a database per service that keeps one, and the four services as separate JVMs on 8081-8083 and 8085
 * ({@link SystemStack} on its well-known ports, data kept in {@code .local/}). Started by
 * {@code ./run-local.sh}; Ctrl-C stops everything. While it runs, commands typed on standard input
 * stop and start services, so the decoupling demo works without Docker. With {@code --tracing} a
 * Zipkin server runs beside them ({@link ZipkinProcess}), and the services send it every trace.
 */
public final class LocalStack {

    /** Zipkin's runnable jar, which run-local.sh fetches for --tracing. */
    private static final String ZIPKIN_JAR = "local-stack.zipkin-jar";

    private static final String TOKEN = "token";
    /** The demo accounts a token can be had for, with the client that speaks for each. */
    private static final Map<String, String> DEMO_CLIENTS = Map.of(
            "ada", DemoTokens.ADA, "bob", DemoTokens.BOB, "staff", DemoTokens.STAFF);

    private final PrintStream out = System.out;
    private SystemStack stack;
    private ZipkinProcess zipkin;

    public static void main(String[] args) throws Exception {
        var options = List.of(args);
        if (!options.isEmpty() && options.getFirst().equals(DeadLetterCommand.NAME)) {
            // Against the stack that runs already, in another terminal: starts nothing.
            System.exit(new DeadLetterCommand(System.out).run(options.subList(1, options.size())));
        }
        if (!options.isEmpty() && options.getFirst().equals(TOKEN)) {
            System.exit(printToken(options.size() > 1 ? options.get(1) : "ada"));
        }
        if (options.contains("--help")) {
            System.out.println(usage());
            return;
        }
        var local = new LocalStack();
        Runtime.getRuntime().addShutdownHook(new Thread(local::shutdown, "local-stack-shutdown"));
        local.start(options.contains("--fresh"), options.contains("--second-inventory"), options.contains("--tracing"));
        local.readCommands();
    }

    /**
     * {@code ./run-local.sh token [ada|bob|staff]}: an access token of a demo account, from the identity service of
     * the stack that runs, alone on standard output so that a shell can keep it: {@code ADA=$(./run-local.sh token)}.
     */
    private static int printToken(String account) {
        var client = DEMO_CLIENTS.get(account);
        if (client == null) {
            System.err.println("No demo account " + account + "; there are " + DEMO_CLIENTS.keySet());
            return 2;
        }
        try {
            var bearer = DemoTokens.ofTheLocalStack().bearer(client);
            System.out.println(bearer.substring("Bearer ".length()));
            return 0;
        } catch (RuntimeException e) {
            System.err.println(e.getMessage() + " (is ./run-local.sh running?)");
            return 1;
        }
    }

    private void start(boolean fresh, boolean secondInventory, boolean tracing) {
        var root = Path.of("").toAbsolutePath();
        if (fresh) {
            say("--fresh: deleting " + root.resolve(".local"));
        }
        var instances = new ArrayList<>(SystemStack.SERVICES);
        if (secondInventory) {
            instances.add(SystemStack.SECOND_INVENTORY);
        }
        var environment = System.getenv();
        var builder = SystemStack.builder(root)
                .fresh(fresh)
                .existingPostgres(ExistingPostgres.fromEnvironment(environment))
                .postgresPort(Integer.parseInt(environment.getOrDefault("LOCAL_POSTGRES_PORT", "5432")))
                .instances(instances)
                .javaOptions(instance -> JavaOptions.crowded(environment, instance.module()))
                .logs(instance -> out)
                .progress(this::say);
        synchronized (this) {
            if (tracing) {
                var jar = System.getProperty(ZIPKIN_JAR);
                if (jar == null) {
                    throw new IllegalStateException("--tracing needs -D" + ZIPKIN_JAR + "=<Zipkin's exec jar>, as ./run-local.sh gives it");
                }
                // Starts beside the stack; the services send their spans once they serve requests.
                zipkin = ZipkinProcess.start(Path.of(jar));
                builder.environment(Map.of("MANAGEMENT_TRACING_EXPORT_ZIPKIN_ENDPOINT", zipkin.spansEndpoint(),
                        "MANAGEMENT_TRACING_SAMPLING_PROBABILITY", "1.0"));
            }
            stack = builder.build();
        }
        stack.start();
        if (zipkin != null) {
            zipkin.awaitReady(Duration.ofMinutes(1));
        }
        printWelcome(stack.readySeconds());
    }

    private void printWelcome(double seconds) {
        var text = new StringBuilder("""

                ================================================================================
                 The food-ordering system is running (ready in %.1f s, memory in use: %s).

                   Watch it live         http://localhost:8085/   (place an order there, see its events)

                   Tokens                ADA=$(./run-local.sh token ada)   (or bob, or staff; password demo)
                                         curl -H "Authorization: Bearer $ADA" http://localhost:8081/api/orders

                   Order service         http://localhost:8081/swagger-ui.html
                   Inventory service     http://localhost:8082/swagger-ui.html
                   Notification service  http://localhost:8083/swagger-ui.html
                   Analytics service     http://localhost:8085/swagger-ui.html
                   Events of each        http://localhost:8081/asyncapi-ui.html  (8082, 8083, 8085)
                   Live notifications    curl -N -H "Authorization: Bearer $ADA" http://localhost:8083/api/notifications/stream
                   Kafka                 127.0.0.1:9092, SASL/SCRAM: kcat -F .local/kafka/kcat.conf -L  (the admin's login)
                   Probes and metrics    http://localhost:9081/actuator/prometheus  (9001, 9082, 9083, 9085: each service's own port)
                """.formatted(seconds, totalMemory()));
        if (stack.names().contains(SystemStack.SECOND_INVENTORY.name())) {
            text.append("   Inventory, second     http://localhost:8084/swagger-ui.html\n");
        }
        if (zipkin != null) {
            text.append("   Traces                " + zipkin.ui() + "\n");
        }
        text.append("""

                 Type a command and Enter:  status | stop NAME | start NAME | kill NAME | dead-letters | help
                 (NAME: %s).  Ctrl-C stops everything.
                ================================================================================
                """.formatted(String.join(", ", stack.names())));
        out.print(text);
    }

    private void readCommands() throws IOException {
        var reader = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = reader.readLine()) != null) {
            try {
                execute(line.trim().split("\\s+"));
            } catch (RuntimeException e) {
                say("! " + e.getMessage());
            }
        }
        // No terminal (standard input closed): keep running until Ctrl-C or SIGTERM.
        try {
            Thread.currentThread().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void execute(String[] words) {
        var command = words[0];
        var service = words.length > 1 && stack.names().contains(words[1]) ? stack.service(words[1]) : null;
        switch (command) {
            case "" -> { }
            case "status" -> status();
            case "help" -> say(usage());
            case DeadLetterCommand.NAME -> new DeadLetterCommand(out).run(List.of(words).subList(1, words.length));
            case "stop", "start", "kill" -> {
                if (service == null) {
                    say("Which service? One of " + stack.names());
                    return;
                }
                switch (command) {
                    case "stop" -> service.stop();
                    case "kill" -> service.kill();
                    default -> {
                        service.start();
                        say(service.name() + " ready in " + service.awaitReady(Duration.ofMinutes(2)) + " s");
                    }
                }
                say(service.name() + (service.isRunning() ? " is running" : " is stopped"));
            }
            default -> say("Unknown command '" + command + "'. " + usage());
        }
    }

    private void status() {
        stack.names().stream().map(stack::service).forEach(service -> say("%-13s %-8s port %d  pid %d  %s".formatted(service.name(),
                service.isRunning() ? "running" : "stopped", service.port(), service.pid(),
                ProcessMemory.describe(ProcessMemory.residentMiB(service.pid())))));
        say("%-13s %-8s %s".formatted("kafka", stack.kafka().isRunning() ? "running" : "stopped", stack.kafka().bootstrapServers()));
        say("Memory of the whole stack: " + totalMemory());
    }

    private static String totalMemory() {
        var self = ProcessHandle.current();
        return ProcessMemory.describe(ProcessMemory.totalResidentMiB(
                LongStream.concat(LongStream.of(self.pid()), self.descendants().mapToLong(ProcessHandle::pid))));
    }

    private static String usage() {
        return """
                ./run-local.sh [--fresh] [--second-inventory] [--tracing] [--no-build]
                  --fresh             delete the local data (.local/) first
                  --second-inventory  run a second inventory instance on 8084: the two share the partitions of 'orders'
                  --tracing           also run Zipkin on 9411 (fetched with Maven the first time) and trace every request there
                  --no-build          skip the Maven build
                While running: status | stop NAME | start NAME | kill NAME (SIGKILL) | dead-letters ... | help
                ./run-local.sh token [ada|bob|staff]   a demo account's access token, from the stack that runs
                Environment: SERVICE_JAVA_OPTIONS, KAFKA_JAVA_OPTIONS replace the services' and the broker's JVM options
                  (defaults: %s, with %s but for %s; and %s)
                %s""".formatted(String.join(" ", JavaOptions.SERVICE_DEFAULTS), String.join(" ", JavaOptions.QUICK_START),
                String.join(", ", JavaOptions.COMPILED_FOR_PEAK),
                String.join(" ", JavaOptions.BROKER_DEFAULTS),
                DeadLetterCommand.usage());
    }

    private synchronized void shutdown() {
        say("Stopping...");
        if (stack != null) {
            stack.close();
        }
        if (zipkin != null) {
            zipkin.close();
        }
        say("Stopped.");
    }

    private void say(String message) {
        out.println("[local-stack ] " + message);
    }
}
