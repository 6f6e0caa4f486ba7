package dev.foodorder.deployment;

import dev.foodorder.events.EventType;
import dev.foodorder.events.Topics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a service's code sends and reads, from its main sources (comments left out):
 *
 * <ul>
 *   <li>{@code listensTo}: the topics of its {@code @KafkaListener}s ({@code topics = Topics.ORDERS});</li>
 *   <li>{@code creates}: the events it creates ({@code new OrderPlaced(}), which its outbox publishes;</li>
 *   <li>{@code selects}: the events it picks out by class to act on ({@code OrderPlaced.class}, as
 *       {@code EventBatches.only(...)} in a listener or the notifier's list of events do).</li>
 * </ul>
 */
record ServiceCode(String service, Set<String> listensTo, Set<EventType> creates, Set<EventType> selects) {

    private static final Pattern LISTENER = Pattern.compile("@KafkaListener\\s*\\(([^)]*)\\)");
    private static final Pattern TOPICS = Pattern.compile("\\btopics\\s*=\\s*(\\{[^}]*}|[^,]+)");
    private static final Pattern CREATED = Pattern.compile("\\bnew\\s+(\\w+)\\s*\\(");
    private static final Pattern SELECTED = Pattern.compile("\\b(\\w+)\\.class\\b");
    private static final Pattern COMMENT = Pattern.compile("/\\*.*?\\*/|^\\s*//[^\\n]*", Pattern.DOTALL | Pattern.MULTILINE);
    private static final Map<String, EventType> BY_SIMPLE_NAME = Arrays.stream(EventType.values())
            .collect(Collectors.toUnmodifiableMap(type -> type.javaType().getSimpleName(), Function.identity()));

    static ServiceCode of(String service) {
        var code = COMMENT.matcher(mainSources(service)).replaceAll("");
        var listensTo = LISTENER.matcher(code).results()
                .flatMap(listener -> topics(service, listener.group(1)))
                .collect(Collectors.toSet());
        return new ServiceCode(service, listensTo, events(CREATED, code), events(SELECTED, code));
    }

    private static Stream<String> topics(String service, String listener) {
        var topics = TOPICS.matcher(listener);
        if (!topics.find()) {
            throw new IllegalStateException(service + " has a @KafkaListener without topics = ..., which "
                    + ServiceCode.class.getSimpleName() + " cannot read: " + listener);
        }
        return Arrays.stream(topics.group(1).replaceAll("[{}]", "").split(","))
                .map(String::strip)
                .map(topic -> topicName(service, topic));
    }

    /** A topic as a listener names it: a constant of {@link Topics} or a string literal. */
    private static String topicName(String service, String expression) {
        if (expression.startsWith("\"") && expression.endsWith("\"")) {
            return expression.substring(1, expression.length() - 1);
        }
        if (!expression.startsWith(Topics.class.getSimpleName() + ".")) {
            throw new IllegalStateException(service + " listens to " + expression + ", neither a constant of Topics nor a literal");
        }
        try {
            return (String) Topics.class.getField(expression.substring(expression.indexOf('.') + 1)).get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(service + " listens to " + expression + ", which Topics does not have", e);
        }
    }

    private static Set<EventType> events(Pattern pattern, String code) {
        return pattern.matcher(code).results()
                .map(match -> BY_SIMPLE_NAME.get(match.group(1)))
                .filter(Objects::nonNull)
                .collect(Collectors.toSet());
    }

    private static String mainSources(String service) {
        var root = Repository.path(service, "src", "main", "java");
        try (var files = Files.walk(root)) {
            return files.filter(file -> file.toString().endsWith(".java"))
                    .sorted()
                    .map(Repository::read)
                    .collect(Collectors.joining("\n"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
