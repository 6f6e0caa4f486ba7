package dev.foodorder.systemtest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The metric names {@link DashboardMetricsIT} looks for, as {@link DashboardQueries} finds them in the PromQL
 * of the dashboards and of the alerts.
 */
class DashboardQueriesTest {

    @Test
    void aBareSelectorIsItsMetricName() {
        assertThat(DashboardQueries.metricNames("outbox_backlog")).containsExactly("outbox_backlog");
    }

    @Test
    void labelMatchersRangesAndGrafanaVariablesAreNotMetricNames() {
        assertThat(DashboardQueries.metricNames(
                "rate(orders_placed_total{application=~\"$application\", le!=\"+Inf\"}[$__rate_interval])"))
                .containsExactly("orders_placed_total");
    }

    @Test
    void functionsAndAggregationsAreNotMetricNamesWhereverTheirLabelListStands() {
        assertThat(DashboardQueries.metricNames(
                "histogram_quantile(0.99, sum by (le, outcome) (rate(orders_time_to_outcome_seconds_bucket[5m])))"))
                .containsExactly("orders_time_to_outcome_seconds_bucket");
        assertThat(DashboardQueries.metricNames("max (kafka_consumer_fetch_manager_records_lag_max) without (client_id)"))
                .containsExactly("kafka_consumer_fetch_manager_records_lag_max");
    }

    @Test
    void bothSidesOfABinaryOperatorAreMetricNamesAndItsKeywordsAreNot() {
        assertThat(DashboardQueries.metricNames(
                "sum(rate(a_seconds_sum[1m])) / on (application) group_left (instance) sum(rate(a_seconds_count[1m])) "
                        + "> bool 0.5 and b_total offset 5m unless c_info or D:recorded:rate1m"))
                .containsExactlyInAnyOrder("a_seconds_sum", "a_seconds_count", "b_total", "c_info", "D:recorded:rate1m");
    }

    @Test
    void numbersDurationsAndStringsAreNotMetricNames() {
        assertThat(DashboardQueries.metricNames("label_replace(up, \"dst\", \"$1\", \"src\", \"(not_a_metric).*\") * 1e3 + 0x1f - Inf"))
                .containsExactly("up");
    }

    @Test
    void aFunctionNameIsNotCutShortToPassForAMetric() {
        assertThat(DashboardQueries.metricNames("rate (x_total[1m])")).containsExactly("x_total");
    }

    @Test
    void findsEveryQueryOfTheProvisionedDashboardsWithANameInEach() {
        var queries = DashboardQueries.in(Path.of(System.getProperty("project.root", "..")).resolve("observability/grafana/dashboards"));

        assertThat(queries).isNotEmpty();
        assertThat(queries).allSatisfy(query -> assertThat(query.metricNames()).as(query.toString()).isNotEmpty());
        assertThat(DashboardQueries.byMetricName(queries)).containsKeys("orders_placed_total", "orders_time_to_outcome_seconds_bucket");
    }

    @Test
    void findsEveryAlertsExpressionOfThePrometheusRuleWithItsAlertsName() throws IOException {
        var file = Path.of(System.getProperty("project.root", "..")).resolve("k8s/components/monitoring/prometheus-rule.yaml");
        var alerts = Pattern.compile("^\\s*- alert: ", Pattern.MULTILINE).matcher(Files.readString(file)).results().count();

        var queries = DashboardQueries.ofRules(file);

        assertThat(queries).hasSize((int) alerts).isNotEmpty();
        assertThat(queries).allSatisfy(query -> assertThat(query.metricNames()).as(query.toString()).isNotEmpty());
        assertThat(DashboardQueries.byMetricName(queries)).containsKeys("outbox_oldest_age_seconds", "events_dead_lettered_total",
                "kafka_consumer_fetch_manager_records_lag_max");
    }

    @Test
    void aRuleExpressionWrittenOverSeveralLinesIsRefusedRatherThanMisread(@TempDir Path directory) throws IOException {
        var file = Files.writeString(directory.resolve("rule.yaml"), """
                groups:
                  - name: g
                    rules:
                      - alert: A
                        expr: |
                          x_total > 0
                """);

        assertThatIllegalStateException().isThrownBy(() -> DashboardQueries.ofRules(file)).withMessageContaining("expr: |");
    }

    @Test
    void anUnquotedOneLineExpressionIsReadWithItsAlert(@TempDir Path directory) throws IOException {
        var file = Files.writeString(directory.resolve("rule.yaml"), """
                      - alert: OutboxStuck
                        expr: max by (application) (outbox_oldest_age_seconds) > 600
                        for: 5m
                """);

        assertThat(DashboardQueries.ofRules(file)).singleElement().satisfies(query -> {
            assertThat(query.title()).isEqualTo("OutboxStuck");
            assertThat(query.metricNames()).containsExactly("outbox_oldest_age_seconds");
        });
    }
}
