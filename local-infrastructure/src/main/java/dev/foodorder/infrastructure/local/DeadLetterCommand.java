package dev.foodorder.infrastructure.local;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code ./run-local.sh dead-letters}: the records the services' consumer groups parked in the dead-letter
 * topics, and their replay, through each service's operator API ({@code /api/dead-letters} on 8081-8083;
 * docs/adr/0019-dead-letters-for-operators.md). It asks the services of a stack that runs already and
 * starts nothing: run it in a second terminal, or type it into the stack's own.
 */
final class DeadLetterCommand {

    static final String NAME = "dead-letters";
    /** The services that consume, and so may park records: those with a database, but for the identity service. */
    private static final List<SystemStack.Instance> SERVICES = SystemStack.SERVICES.stream()
            .filter(instance -> instance.database() != null && !instance.equals(SystemStack.IDENTITY)).toList();
    private static final String ROW = "%-13s %-14s %-16s %-7s %-32s %-36s %s";

    /** Jackson 2, which the Kafka clients bring: this module does not depend on the services' Jackson 3. */
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> AN_OBJECT = new TypeReference<>() { };

    private final PrintStream out;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** Dead letters are staff's: the demo's staff account, from the stack's identity service. */
    private final DemoTokens tokens = DemoTokens.ofTheLocalStack();

    DeadLetterCommand(PrintStream out) {
        this.out = out;
    }

    static String usage() {
        var launcher = launcher();
        return """
                %1$s dead-letters                                       list what the services parked, waiting first
                %1$s dead-letters replay SERVICE DLT/PARTITION/OFFSET   replay one record to its topic, once
                %1$s dead-letters replay SERVICE --all [--topic TOPIC]  replay every record of SERVICE that waits
                  SERVICE: %2$s. --force also replays a record first published before the de-duplication window."""
                .formatted(launcher, String.join(", ", SERVICES.stream().map(SystemStack.Instance::name).toList()));
    }

    /** @return the exit status: 0 when everything asked for was done */
    int run(List<String> arguments) {
        if (arguments.isEmpty()) {
            return list();
        }
        if (arguments.getFirst().equals("replay") && arguments.size() >= 3) {
            var service = SERVICES.stream()
                    .filter(instance -> instance.name().equals(arguments.get(1)) || instance.module().equals(arguments.get(1)))
                    .findFirst();
            if (service.isEmpty()) {
                out.println("No service '" + arguments.get(1) + "': one of " + SERVICES.stream().map(SystemStack.Instance::name).toList());
                return 2;
            }
            var force = arguments.contains("--force");
            if (arguments.get(2).equals("--all")) {
                var topic = arguments.indexOf("--topic");
                return replayAll(service.get(), topic > 0 && topic + 1 < arguments.size() ? arguments.get(topic + 1) : null, force);
            }
            return replayOne(service.get(), arguments.get(2), force);
        }
        out.println(usage());
        return arguments.contains("--help") ? 0 : 2;
    }

    private int list() {
        var rows = new ArrayList<String>();
        var summaries = new ArrayList<String>();
        var answered = 0;
        for (var service : SERVICES) {
            var response = call(service, "GET", "/api/dead-letters?limit=100");
            if (response == null) {
                summaries.add("%-13s not running (port %d)".formatted(service.name(), service.fixedPort()));
                continue;
            }
            if (response.status() != 200) {
                summaries.add("%-13s %s".formatted(service.name(), response.problem()));
                continue;
            }
            answered++;
            var listing = response.body();
            var records = list(listing.get("records"));
            for (var record : records) {
                rows.add(row(service, object(record)));
            }
            var parked = number(listing.get("parked"));
            summaries.add("%-13s %d waiting, %d parked by consumer group %s%s".formatted(service.name(),
                    number(listing.get("waiting")), parked, listing.get("group"),
                    parked > records.size() ? " (the first " + records.size() + " shown)" : ""));
        }
        if (rows.isEmpty()) {
            out.println("No dead letters.");
        } else {
            out.println(ROW.formatted("SERVICE", "DLT", "PARTITION@OFFSET", "AGE", "TYPE", "ID", "ERROR"));
            rows.forEach(out::println);
        }
        summaries.forEach(out::println);
        if (answered == 0) {
            out.println("No service answered: is the stack running (" + launcher() + ")?");
            return 1;
        }
        if (!rows.isEmpty()) {
            out.println("Once the cause is fixed: " + launcher() + " dead-letters replay SERVICE DLT/PARTITION/OFFSET (or --all)");
        }
        return 0;
    }

    private String row(SystemStack.Instance service, Map<String, Object> record) {
        var error = shortName((String) record.get("exception")) + ": " + rootMessage((String) record.get("message"));
        var replayedAt = (String) record.get("replayedAt");
        if (replayedAt != null) {
            error = "(replayed " + age(replayedAt) + " ago) " + error;
        }
        return ROW.formatted(service.name(), record.get("dltTopic"),
                record.get("partition") + "@" + record.get("offset"), age((String) record.get("parkedAt")),
                Objects.toString(record.get("type"), "-"), Objects.toString(record.get("id"), "-"),
                error.length() > 100 ? error.substring(0, 99) + "…" : error);
    }

    private int replayOne(SystemStack.Instance service, String position, boolean force) {
        var parts = position.split("/");
        if (parts.length != 3) {
            out.println("Which record? DLT/PARTITION/OFFSET, as listed: orders.DLT/3/17");
            return 2;
        }
        var answer = replay(service, "/api/dead-letters/%s/%s/%s/replay%s".formatted(parts[0], parts[1], parts[2],
                force ? "?force=true" : ""));
        answer.ifPresent(body -> out.println(replayed(body)));
        return answer.isPresent() ? 0 : 1;
    }

    private int replayAll(SystemStack.Instance service, String topic, boolean force) {
        var query = new StringBuilder();
        if (topic != null) {
            query.append("?topic=").append(URLEncoder.encode(topic, StandardCharsets.UTF_8));
        }
        if (force) {
            query.append(query.isEmpty() ? "?" : "&").append("force=true");
        }
        var answer = replay(service, "/api/dead-letters/replay" + query);
        if (answer.isEmpty()) {
            return 1;
        }
        var replayed = list(answer.get().get("replayed"));
        var skipped = list(answer.get().get("skipped"));
        replayed.forEach(replay -> out.println(replayed(object(replay))));
        skipped.forEach(skip -> {
            var record = object(skip);
            out.println("Not replayed %s-%s@%s: %s".formatted(record.get("dltTopic"), record.get("partition"), record.get("offset"),
                    record.get("reason")));
        });
        out.println("%s: %d replayed, %d not.".formatted(service.name(), replayed.size(), skipped.size()));
        return skipped.isEmpty() ? 0 : 1;
    }

    /** The service's answer to a replay; empty, once said why, if it is not running or refused. */
    private Optional<Map<String, Object>> replay(SystemStack.Instance service, String path) {
        var response = call(service, "POST", path);
        if (response == null) {
            out.println(service.name() + " is not running (port " + service.fixedPort() + ").");
            return Optional.empty();
        }
        if (response.status() != 200) {
            out.println(response.problem());
            return Optional.empty();
        }
        return Optional.of(response.body());
    }

    private static String replayed(Map<String, Object> replay) {
        return "Replayed %s-%s@%s (%s %s) to %s-%s@%s".formatted(replay.get("dltTopic"), replay.get("dltPartition"),
                replay.get("dltOffset"), replay.get("type"), replay.get("id"), replay.get("topic"), replay.get("partition"),
                replay.get("offset"));
    }

    /** A service's answer: its status and JSON body. */
    private record Response(int status, Map<String, Object> body) {

        /** A problem+json answer, as a person reads it. */
        String problem() {
            return "%d %s: %s".formatted(status, body.getOrDefault("title", ""), body.getOrDefault("detail", ""));
        }
    }

    /** @return null if the service does not answer at all */
    private Response call(SystemStack.Instance service, String method, String path) {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + service.fixedPort() + path))
                .header("Accept", "application/json, application/problem+json")
                .header("Authorization", tokens.staff())
                .timeout(Duration.ofMinutes(5))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
        try {
            var response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            var body = response.body().isBlank() ? Map.<String, Object>of() : JSON.readValue(response.body(), AN_OBJECT);
            return new Response(response.statusCode(), body);
        } catch (java.net.ConnectException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(service.name() + " did not answer " + method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** How long ago, in the largest two units: 45s, 3m12s, 2h05m, 4d03h. */
    private static String age(String instant) {
        if (instant == null) {
            return "-";
        }
        var seconds = Math.max(0, Duration.between(Instant.parse(instant), Instant.now()).toSeconds());
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return "%dm%02ds".formatted(seconds / 60, seconds % 60);
        }
        if (seconds < 86400) {
            return "%dh%02dm".formatted(seconds / 3600, seconds % 3600 / 60);
        }
        return "%dd%02dh".formatted(seconds / 86400, seconds % 86400 / 3600);
    }

    private static String shortName(String className) {
        return className == null ? "?" : className.substring(className.lastIndexOf('.') + 1);
    }

    /** The parking's message is the listener container's, then "; ", then the handler's: the one that says what went wrong. */
    private static String rootMessage(String message) {
        if (message == null) {
            return "";
        }
        var handler = message.indexOf("; ");
        return (handler < 0 ? message : message.substring(handler + 2)).lines().findFirst().orElse("");
    }

    private static String launcher() {
        return System.getProperty("os.name", "").startsWith("Windows") ? "run-local.cmd" : "./run-local.sh";
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    private static List<?> list(Object value) {
        return value instanceof List<?> list ? list : List.of();
    }

    private static long number(Object value) {
        return value instanceof Number number ? number.longValue() : 0;
    }
}
