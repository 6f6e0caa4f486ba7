package dev.foodorder.systemtest;

import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The PromQL of the provisioned Grafana dashboards ({@code observability/grafana/dashboards}), and
 * the metric names it reads: what {@link DashboardMetricsIT} looks for on the services.
 *
 * <p>The names are found the simple way, which suits the queries a dashboard holds (selectors,
 * functions, aggregations, binary operators) but is no PromQL parser:
 * <ol>
 *   <li>drop string literals ({@code "..."}, {@code '...'}, {@code `...`}): label values and regexes;</li>
 *   <li>drop label matchers ({@code {...}}), ranges and subqueries ({@code [...]}): label names,
 *       durations, Grafana variables such as {@code $__rate_interval};</li>
 *   <li>drop the label lists of {@code by}, {@code without}, {@code on}, {@code ignoring},
 *       {@code group_left} and {@code group_right};</li>
 *   <li>what is left that looks like an identifier is a metric name, unless a {@code (} follows it
 *       (a function or an aggregation), it is a keyword ({@code and}, {@code bool}, {@code offset}, ...),
 *       or it is part of a number or of a Grafana variable (a digit, dot or {@code $} before it).</li>
 * </ol>
 * A selector by {@code {__name__="..."}} alone is not seen; the dashboards do not use one.
 *
 * <p>The alerts' expressions of a PrometheusRule ({@code k8s/components/monitoring}) are read too, line by
 * line, for this module has no YAML parser: each {@code expr} one line, a plain scalar, after its
 * {@code alert}. Any other form is refused rather than misread.
 */
final class DashboardQueries {

    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
    private static final Pattern LABEL_LIST = Pattern.compile(
            "\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.$:])[a-zA-Z_:][a-zA-Z0-9_:]*+(?!\\s*\\()");
    private static final Pattern RULE_LINE = Pattern.compile("^\\s*(?:-\\s+)?(alert|record|expr):\\s*(.*)$");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without", "on",
            "ignoring", "group_left", "group_right", "inf", "nan", "start", "end");

    private DashboardQueries() {
    }

    /** One PromQL expression: of a dashboard with the panel that shows it, or of a rule file with its alert. */
    record Query(String file, String title, String expr) {

        Set<String> metricNames() {
            return DashboardQueries.metricNames(expr);
        }

        @Override
        public String toString() {
            return "%s / %s: %s".formatted(file, title, expr);
        }
    }

    /** Every {@code targets[].expr} of every dashboard file in the directory, rows' nested panels included. */
    static List<Query> in(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            var queries = new ArrayList<Query>();
            files.filter(file -> file.toString().endsWith(".json")).sorted()
                    .forEach(file -> queries.addAll(of(file.getFileName().toString(), read(file))));
            return queries;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Query> of(String dashboard, JsonNode json) {
        var queries = new ArrayList<Query>();
        collect(dashboard, json.path("panels"), queries);
        return queries;
    }

    /** Every alert's (and recording rule's) {@code expr} of a PrometheusRule file, titled with the rule's name. */
    static List<Query> ofRules(Path file) {
        var queries = new ArrayList<Query>();
        String rule = null;
        for (var line : readString(file).lines().toList()) {
            var field = RULE_LINE.matcher(line);
            if (!field.matches()) {
                continue;
            }
            var value = field.group(2).strip();
            if (!"expr".equals(field.group(1))) {
                rule = value;
            } else if (rule == null || value.isEmpty() || "|>\"'".indexOf(value.charAt(0)) >= 0 || value.contains(" #")) {
                throw new IllegalStateException(file + ": write each expr on one line, as a plain scalar after its alert: " + line);
            } else {
                queries.add(new Query(file.getFileName().toString(), rule, value));
                rule = null;
            }
        }
        return queries;
    }

    /** The metric names the queries read, each with the queries that read it. */
    static Map<String, List<Query>> byMetricName(Collection<Query> queries) {
        var names = new TreeMap<String, List<Query>>();
        queries.forEach(query -> query.metricNames().forEach(name -> names.computeIfAbsent(name, n -> new ArrayList<>()).add(query)));
        return names;
    }

    static Set<String> metricNames(String expr) {
        var rest = STRING.matcher(expr).replaceAll(" ");
        rest = MATCHERS.matcher(rest).replaceAll(" ");
        rest = RANGE.matcher(rest).replaceAll(" ");
        rest = LABEL_LIST.matcher(rest).replaceAll(" ");
        var names = new TreeSet<String>();
        var identifiers = IDENTIFIER.matcher(rest);
        while (identifiers.find()) {
            if (!KEYWORDS.contains(identifiers.group().toLowerCase(Locale.ROOT))) {
                names.add(identifiers.group());
            }
        }
        return names;
    }

    private static void collect(String dashboard, JsonNode panels, List<Query> queries) {
        panels.valueStream().forEach(panel -> {
            panel.path("targets").valueStream()
                    .map(target -> target.path("expr"))
                    .filter(JsonNode::isString)
                    .forEach(expr -> queries.add(new Query(dashboard, panel.path("title").asString(""), expr.asString())));
            collect(dashboard, panel.path("panels"), queries);
        });
    }

    private static JsonNode read(Path file) {
        return Http.JSON.readTree(readString(file));
    }

    private static String readString(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
