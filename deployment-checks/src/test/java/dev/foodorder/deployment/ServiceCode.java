package dev.foodorder.deployment;

import dev.foodorder.events.EventType;
import dev.foodorder.events.IntegrationEvent;
import dev.foodorder.events.Topics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a service's code sends and reads, from its main sources (comments left out):
 *
 * <ul>
 *   <li>{@code listensTo}: the topics of its {@code @KafkaListener}s ({@code topics = Topics.ORDERS}), whose
 *       records the shared error handler parks in their dead-letter topics;</li>
 *   <li>{@code replays}: the topics whose replay topic for the service's group its listeners read too
 *       ({@code Topics.ORDERS + EventBatches.REPLAYS}), where its dead letters are replayed;</li>
 *   <li>{@code streamsFrom}: the source topics of its Kafka Streams topology, which it reads without parking:
 *       the constants of {@code Topics} named in a source file that reads from a {@code StreamsBuilder}
 *       ({@code builder.stream(...)}, {@code .table(...)}, {@code .globalTable(...)}), other than those the
 *       file writes to ({@code .to(Topics.CUSTOMERS, ...)});</li>
 *   <li>{@code creates}: the events it creates ({@code new OrderPlaced(}), which its outbox or its topology publishes;</li>
 *   <li>{@code selects}: the events it acts on. Listeners pick them out by class before they are parsed
 *       ({@code OrderPlaced.class}, as {@code EventBatches.only(...)} in a listener or the notifier's list of
 *       events do); a topology reads every record of its sources and picks them by pattern
 *       ({@code instanceof OrderPlaced}, {@code case OrderPlaced placed}), where a sealed family of events
 *       ({@code instanceof ReservationEvent}) stands for each of its members.</li>
 * </ul>
 */
record ServiceCode(String service, Set<String> listensTo, Set<String> replays, Set<String> streamsFrom, Set<EventType> creates,
                   Set<EventType> selects) {

    private static final String VIEWER_PACKAGE = "live";
    private static final Pattern LISTENER = Pattern.compile("@KafkaListener\\s*\\(([^)]*)\\)");
    private static final Pattern TOPICS = Pattern.compile("\\btopics\\s*=\\s*(\\{[^}]*}|[^,]+)");
    private static final Pattern TOPOLOGY = Pattern.compile("\\bStreamsBuilder\\b");
    private static final Pattern STREAMS_SOURCE = Pattern.compile(
            "\\b\\w*[bB]uilder\\s*\\.\\s*(?:<[^>]*>\\s*)?(?:stream|table|globalTable)\\s*\\(");
    private static final Pattern TOPIC_CONSTANT = Pattern.compile("\\bTopics\\.(\\w+)");
    /** A listener's replay topic of a topic: {@code Topics.ORDERS + EventBatches.REPLAYS}. */
    private static final Pattern REPLAY = Pattern.compile("(.+?)\\s*\\+\\s*EventBatches\\.REPLAYS");
    private static final Pattern SINK = Pattern.compile("\\.to\\s*\\(\\s*Topics\\.(\\w+)");
    private static final Pattern CREATED = Pattern.compile("\\bnew\\s+(\\w+)\\s*\\(");
    private static final Pattern SELECTED = Pattern.compile("\\b(\\w+)\\.class\\b");
    private static final Pattern MATCHED = Pattern.compile("\\b(?:instanceof|case)\\s+(\\w+)\\b");
    private static final Pattern COMMENT = Pattern.compile("/\\*.*?\\*/|^\\s*//[^\\n]*", Pattern.DOTALL | Pattern.MULTILINE);
    private static final Map<String, Set<EventType>> BY_SIMPLE_NAME = Arrays.stream(EventType.values())
            .collect(Collectors.toUnmodifiableMap(type -> type.javaType().getSimpleName(), Set::of));
    /** Each event type by its simple name, and each sealed family of them ({@code OrderEvent}, ...) by its own. */
    private static final Map<String, Set<EventType>> BY_SIMPLE_NAME_OR_FAMILY = Arrays.stream(EventType.values())
            .flatMap(type -> Stream.concat(Stream.of(type.javaType()), families(type.javaType()))
                    .map(named -> Map.entry(named.getSimpleName(), type)))
            .collect(Collectors.groupingBy(Map.Entry::getKey, Collectors.mapping(Map.Entry::getValue, Collectors.toUnmodifiableSet())));

    static ServiceCode of(String service) {
        return read(service, mainSources(service));
    }

    /** @param files the text of each of the service's Java source files */
    static ServiceCode read(String service, List<String> files) {
        var sources = files.stream().map(file -> COMMENT.matcher(file).replaceAll("")).toList();
        var code = String.join("\n", sources);
        var named = LISTENER.matcher(code).results()
                .flatMap(listener -> topicExpressions(service, listener.group(1)))
                .toList();
        var listensTo = named.stream().filter(expression -> !REPLAY.matcher(expression).matches())
                .map(expression -> topicName(service, expression)).collect(Collectors.toSet());
        var replays = named.stream().map(REPLAY::matcher).filter(Matcher::matches)
                .map(replay -> topicName(service, replay.group(1).strip())).collect(Collectors.toSet());
        var streamsFrom = sources.stream()
                .filter(source -> STREAMS_SOURCE.matcher(source).find())
                .flatMap(ServiceCode::sourceTopics)
                .collect(Collectors.toSet());
        var selects = TOPOLOGY.matcher(code).find() ? events(MATCHED, code, BY_SIMPLE_NAME_OR_FAMILY) : events(SELECTED, code, BY_SIMPLE_NAME);
        return new ServiceCode(service, listensTo, replays, streamsFrom, events(CREATED, code, BY_SIMPLE_NAME), selects);
    }

    /** Every topic the service consumes, by listener or by topology. */
    Set<String> reads() {
        return Stream.concat(listensTo.stream(), streamsFrom.stream()).collect(Collectors.toSet());
    }

    private static Stream<String> topicExpressions(String service, String listener) {
        var topics = TOPICS.matcher(listener);
        if (!topics.find()) {
            throw new IllegalStateException(service + " has a @KafkaListener without topics = ..., which "
                    + ServiceCode.class.getSimpleName() + " cannot read: " + listener);
        }
        return Arrays.stream(topics.group(1).replaceAll("[{}]", "").split(",")).map(String::strip);
    }

    /** A topic as a listener names it: a constant of {@link Topics} or a string literal. */
    private static String topicName(String service, String expression) {
        if (expression.startsWith("\"") && expression.endsWith("\"")) {
            return expression.substring(1, expression.length() - 1);
        }
        if (!expression.startsWith(Topics.class.getSimpleName() + ".")) {
            throw new IllegalStateException(service + " listens to " + expression + ", neither a constant of Topics nor a literal");
        }
        return topicConstant(expression.substring(expression.indexOf('.') + 1))
                .orElseThrow(() -> new IllegalStateException(service + " listens to " + expression + ", which Topics does not have"));
    }

    /** The topics of the contract that a source file of a topology names, but for those it writes to. */
    private static Stream<String> sourceTopics(String source) {
        var sinks = SINK.matcher(source).results().map(match -> match.group(1)).collect(Collectors.toSet());
        return TOPIC_CONSTANT.matcher(source).results()
                .map(match -> match.group(1))
                .filter(constant -> !sinks.contains(constant))
                .flatMap(constant -> topicConstant(constant).stream());
    }

    /** The topic a constant of {@link Topics} names; empty for another member, such as its partition count. */
    private static Optional<String> topicConstant(String name) {
        try {
            var field = Topics.class.getField(name);
            return field.getType() == String.class ? Optional.of((String) field.get(null)) : Optional.empty();
        } catch (ReflectiveOperationException e) {
            return Optional.empty();
        }
    }

    private static Set<EventType> events(Pattern pattern, String code, Map<String, Set<EventType>> byName) {
        return pattern.matcher(code).results()
                .flatMap(match -> byName.getOrDefault(match.group(1), Set.of()).stream())
                .collect(Collectors.toSet());
    }

    /** The sealed interfaces an event belongs to, up to but not including {@link IntegrationEvent}. */
    private static Stream<Class<?>> families(Class<?> type) {
        return Arrays.stream(type.getInterfaces())
                .filter(family -> family != IntegrationEvent.class)
                .flatMap(family -> Stream.concat(Stream.of(family), families(family)));
    }

    /**
     * The service's main sources, but for a live viewer's (the analytics' package {@code live}): it reads
     * every topic without a consumer group to show the records on a page, and acts on none of them.
     */
    private static List<String> mainSources(String service) {
        var root = Repository.path(service, "src", "main", "java");
        try (var files = Files.walk(root)) {
            return files.filter(file -> file.toString().endsWith(".java"))
                    .filter(file -> !file.getParent().getFileName().toString().equals(VIEWER_PACKAGE))
                    .sorted()
                    .map(Repository::read)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
