package dev.foodorder.deployment;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The mistakes in a PromQL expression that can be found without Prometheus: no Java parser of PromQL
 * is at hand, and promtool is not a build dependency. What is checked is what a typo or a dashboard
 * habit breaks, and what Prometheus would refuse when it loads the rule:
 * <ul>
 *   <li>strings are closed, and brackets ({@code ( { [}) are balanced and nested;</li>
 *   <li>a label matcher is {@code label op "value"} with op one of {@code = != =~ !~};</li>
 *   <li>a range, a subquery and an {@code offset} are durations ({@code 5m}, {@code 1h30m});</li>
 *   <li>a name called as a function is one of PromQL's functions or aggregations;</li>
 *   <li>a function over a range vector ({@code rate}, {@code increase}, ...) is given a range;</li>
 *   <li>no Grafana variable ({@code $__rate_interval}) is left, which only Grafana replaces.</li>
 * </ul>
 * Types beyond that (an instant vector where a scalar is wanted, say) are not checked.
 */
final class PromQl {

    static final Pattern DURATION = Pattern.compile("(?:\\d+(?:ms|s|m|h|d|w|y))+");
    private static final Pattern MATCHER = Pattern.compile(
            "\\s*[a-zA-Z_][a-zA-Z0-9_]*\\s*(?:=~|!~|!=|=)\\s*(?:\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`)\\s*");
    private static final Pattern SUBQUERY = Pattern.compile("\\s*(" + DURATION + ")\\s*(?::\\s*(" + DURATION + ")?\\s*)?");
    private static final Pattern CALL = Pattern.compile("(?<![\\w.$:])([a-zA-Z_][a-zA-Z0-9_]*)\\s*\\(");
    private static final Pattern OFFSET = Pattern.compile("\\boffset\\s+(-?\\S+?)(?=[\\s)]|$)");

    /** Aggregation operators, keywords whose label list stands in brackets, and operators a bracket may follow. */
    private static final Set<String> NOT_FUNCTIONS = Set.of("sum", "min", "max", "avg", "group", "stddev", "stdvar",
            "count", "count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio",
            "by", "without", "on", "ignoring", "group_left", "group_right", "and", "or", "unless", "bool");
    private static final Set<String> RANGE_FUNCTIONS = Set.of("rate", "irate", "increase", "delta", "idelta", "deriv",
            "changes", "resets", "predict_linear", "holt_winters", "double_exponential_smoothing",
            "avg_over_time", "min_over_time", "max_over_time", "sum_over_time", "count_over_time", "quantile_over_time",
            "stddev_over_time", "stdvar_over_time", "last_over_time", "present_over_time", "absent_over_time",
            "mad_over_time");
    private static final Set<String> INSTANT_FUNCTIONS = Set.of("abs", "absent", "ceil", "clamp", "clamp_max", "clamp_min",
            "day_of_month", "day_of_week", "day_of_year", "days_in_month", "exp", "floor", "histogram_avg",
            "histogram_count", "histogram_fraction", "histogram_quantile", "histogram_stddev", "histogram_stdvar",
            "histogram_sum", "hour", "label_join", "label_replace", "ln", "log10", "log2", "minute", "month", "round",
            "scalar", "sgn", "sort", "sort_desc", "sort_by_label", "sort_by_label_desc", "sqrt", "time", "timestamp",
            "vector", "year", "acos", "acosh", "asin", "asinh", "atan", "atanh", "cos", "cosh", "deg", "pi", "rad",
            "sin", "sinh", "tan", "tanh");

    private PromQl() {
    }

    /** What is wrong with the expression, one line each; empty when nothing is found. */
    static List<String> problems(String expr) {
        var problems = new ArrayList<String>();
        if (expr == null || expr.isBlank()) {
            return List.of("the expression is empty");
        }
        var masked = maskStrings(expr, problems);
        checkBrackets(expr, masked, problems);
        if (masked.contains("$")) {
            problems.add("a Grafana variable ($...) is left; Prometheus does not replace it");
        }
        CALL.matcher(masked).results().forEach(call -> {
            var name = call.group(1);
            if (!NOT_FUNCTIONS.contains(name) && !RANGE_FUNCTIONS.contains(name) && !INSTANT_FUNCTIONS.contains(name)) {
                problems.add(name + "(...) is no PromQL function or aggregation");
            }
            if (RANGE_FUNCTIONS.contains(name)) {
                var close = closing(masked, call.end() - 1);
                if (close < 0 || !masked.substring(call.end(), close).contains("[")) {
                    problems.add(name + "(...) takes a range vector, and is given no [range]");
                }
            }
        });
        OFFSET.matcher(masked).results()
                .filter(offset -> !DURATION.matcher(offset.group(1).replaceFirst("^-", "")).matches())
                .forEach(offset -> problems.add("offset " + offset.group(1) + " is not a duration"));
        return List.copyOf(problems);
    }

    /** The expression with the insides of its strings blanked out, so that their brackets do not count. */
    private static String maskStrings(String expr, List<String> problems) {
        var masked = new StringBuilder(expr);
        var i = 0;
        while (i < expr.length()) {
            var quote = expr.charAt(i);
            if (quote != '"' && quote != '\'' && quote != '`') {
                i++;
                continue;
            }
            var j = i + 1;
            while (j < expr.length() && expr.charAt(j) != quote) {
                j += quote != '`' && expr.charAt(j) == '\\' ? 2 : 1;
            }
            if (j >= expr.length()) {
                problems.add("a string opened at " + i + " is not closed");
                return masked.toString();
            }
            for (var k = i + 1; k < j; k++) {
                masked.setCharAt(k, '_');
            }
            i = j + 1;
        }
        return masked.toString();
    }

    private static void checkBrackets(String expr, String masked, List<String> problems) {
        var open = new ArrayDeque<Integer>();
        for (var i = 0; i < masked.length(); i++) {
            var c = masked.charAt(i);
            if (c == '(' || c == '{' || c == '[') {
                open.push(i);
            } else if (c == ')' || c == '}' || c == ']') {
                if (open.isEmpty() || masked.charAt(open.peek()) != opening(c)) {
                    problems.add("'" + c + "' at " + i + " closes nothing that is open");
                    return;
                }
                var start = open.pop();
                var inside = expr.substring(start + 1, i);
                if (c == '}') {
                    checkMatchers(inside, problems);
                } else if (c == ']' && !SUBQUERY.matcher(inside).matches()) {
                    problems.add("[" + inside + "] is neither a range nor a subquery of durations");
                }
            }
        }
        if (!open.isEmpty()) {
            problems.add("'" + masked.charAt(open.peek()) + "' at " + open.peek() + " is not closed");
        }
    }

    private static void checkMatchers(String inside, List<String> problems) {
        if (inside.isBlank()) {
            return;
        }
        var matchers = splitOutsideStrings(inside);
        for (var n = 0; n < matchers.size(); n++) {
            var matcher = matchers.get(n);
            var trailingComma = n == matchers.size() - 1 && n > 0 && matcher.isBlank();
            if (!trailingComma && !MATCHER.matcher(matcher).matches()) {
                problems.add("{" + inside + "}: '" + matcher.strip() + "' is no label matcher (label op \"value\")");
            }
        }
    }

    /** Splits at the commas that are not inside a string. */
    private static List<String> splitOutsideStrings(String text) {
        var parts = new ArrayList<String>();
        var quote = (char) 0;
        var start = 0;
        for (var i = 0; i < text.length(); i++) {
            var c = text.charAt(i);
            if (quote != 0) {
                if (c == '\\' && quote != '`') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'' || c == '`') {
                quote = c;
            } else if (c == ',') {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        return parts;
    }

    /** The index of the bracket that closes the one at {@code open}, or -1. */
    private static int closing(String masked, int open) {
        var depth = 0;
        for (var i = open; i < masked.length(); i++) {
            var c = masked.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private static char opening(char closing) {
        return switch (closing) {
            case ')' -> '(';
            case '}' -> '{';
            default -> '[';
        };
    }
}
