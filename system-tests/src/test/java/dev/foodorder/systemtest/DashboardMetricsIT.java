package dev.foodorder.systemtest;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenario 9: the Grafana dashboard and the Prometheus alerts read only metrics that exist. Once orders
 * of every outcome have flowed through all three services (so that the meters registered on first use
 * are there too), every metric name in the PromQL of {@code observability/grafana/dashboards} and of the
 * alerts in {@code k8s/components/monitoring} must be on the {@code /actuator/prometheus} of at least one
 * service. A renamed meter fails it here rather than as an empty panel or an alert that never fires.
 * The scrapes are kept next to the services' logs.
 */
@SystemTest
@Order(9)
@DisplayName("9. Every metric the Grafana dashboard and the alerts read is exposed by a service")
class DashboardMetricsIT {

    private static final Path DASHBOARDS = Path.of(System.getProperty("project.root", ".."))
            .resolve("observability/grafana/dashboards");
    private static final Path ALERTS = Path.of(System.getProperty("project.root", ".."))
            .resolve("k8s/components/monitoring/prometheus-rule.yaml");
    private static final Duration EXPOSED_WITHIN = Duration.ofMinutes(1);
    /** A sample line of the text exposition format starts with its metric name. */
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]", Pattern.MULTILINE);

    private final RunningSystem system;

    DashboardMetricsIT(RunningSystem system) {
        this.system = system;
    }

    @Test
    void everyMetricNameInTheDashboardAndTheAlertsIsExposedOnceOrdersOfEveryOutcomeHaveFlowed() {
        var scenario = Scenario.begin(system, 9, "Orders of every outcome, then the dashboard's and the alerts' metrics")
                .stockUp(100, 3);
        var dashboard = DashboardQueries.in(DASHBOARDS);
        var alerts = DashboardQueries.ofRules(ALERTS);
        assertThat(dashboard).as("queries of %s", DASHBOARDS).isNotEmpty();
        assertThat(alerts).as("alerts of %s", ALERTS).isNotEmpty();
        var wanted = DashboardQueries.byMetricName(Stream.concat(dashboard.stream(), alerts.stream()).toList());

        var confirmed = scenario.place(scenario.customer(1), Map.of("margherita", 1));
        // Earlier scenarios may have left more than the scarce item's target: stocking up only adds.
        var rejected = scenario.place(scenario.customer(2),
                Map.of(RandomOrders.SCARCE, system.inventory().stock(RandomOrders.SCARCE).available() + 1));
        var cancelled = scenario.place(scenario.customer(3), Map.of("espresso", 1));
        assertThat(system.orders().awaitOutcome(confirmed.id(), 10).status()).isEqualTo("CONFIRMED");
        assertThat(system.orders().awaitOutcome(rejected.id(), 10).status()).isEqualTo("REJECTED");
        assertThat(system.orders().awaitOutcome(cancelled.id(), 10).status()).isEqualTo("CONFIRMED");
        assertThat(system.orders().cancel(cancelled.id()).status()).isEqualTo(200);
        scenario.cancelled(cancelled.id());
        await("a notification of order " + confirmed.id() + " sent").atMost(EXPOSED_WITHIN).until(() ->
                system.notifications().ofCustomer(confirmed.customerId()).stream()
                        .anyMatch(notification -> "SENT".equals(notification.status())));

        await("every metric of the dashboard and the alerts exposed").atMost(EXPOSED_WITHIN).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    var exposed = exposed();
                    var missing = wanted.entrySet().stream().filter(name -> !exposed.contains(name.getKey()))
                            .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
                    assertThat(missing).as("metric names of the dashboard or the alerts that no service exposes "
                            + "(scrapes in %s), each with the queries that read it", system.logs()).isEmpty();
                });
        scenario.assertBooksBalance(Duration.ofMinutes(1));
    }

    /** The metric names of the three services' {@code /actuator/prometheus}, as their samples name them. */
    private Set<String> exposed() {
        var names = new TreeSet<String>();
        for (var service : List.of(RunningSystem.ORDER, RunningSystem.INVENTORY, RunningSystem.NOTIFICATION)) {
            var scrape = system.http(service).actuator("/actuator/prometheus");
            assertThat(scrape.status()).as("%s /actuator/prometheus", service).isEqualTo(200);
            keep(service, scrape.body());
            SAMPLE.matcher(scrape.body()).results().map(sample -> sample.group(1)).forEach(names::add);
        }
        return names;
    }

    private void keep(String service, String scrape) {
        try {
            Files.writeString(system.logs().resolve(service + ".prometheus.txt"), scrape);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
