package dev.foodorder.systemtest;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The metric names {@link DashboardMetricsIT} looks for, as {@link DashboardQueries} finds them in PromQL. */
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
}
