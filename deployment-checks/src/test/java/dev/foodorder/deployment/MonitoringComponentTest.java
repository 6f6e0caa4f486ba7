package dev.foodorder.deployment;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * k8s/components/monitoring: Prometheus scrapes what the services really serve, the alerts are rules
 * Prometheus can load and an operator can act on, and the dashboard reaches Grafana without a copy.
 */
class MonitoringComponentTest {

    private static final String PROMETHEUS_PATH = "/actuator/prometheus";
    private static final Set<String> SEVERITIES = Set.of("critical", "warning", "info");
    /** The metrics the alerts are there for: the outbox, dead letters, lag, the relay, admission control, expired orders. */
    private static final List<String> WATCHED = List.of("outbox_oldest_age_seconds", "events_dead_lettered_total",
            "kafka_consumer_fetch_manager_records_lag_max", "outbox_relay_failures_total", "http_admission_refused_total",
            "orders_expired_total", "events_dead_letters_oldest_age_seconds");
    private static final Pattern LABEL_LIST = Pattern.compile("\\b(?:by|without)\\s*\\(([^)]*)\\)");
    private static final Pattern LABEL_IN_TEMPLATE = Pattern.compile("\\$labels\\.([a-zA-Z_][a-zA-Z0-9_]*)");
    private static final Pattern THRESHOLD = Pattern.compile("(?:>|<|>=|<=|==|!=)\\s*-?[0-9.]+(?:e[0-9]+)?\\s*$");
    private static final Pattern ALERT_NAME = Pattern.compile("[A-Z][A-Za-z0-9]+");
    private static final Pattern DASHBOARD_FILE = Pattern.compile("--from-file=(\\S+\\.json)");

    static List<String> monitored() {
        return Overlays.MONITORED;
    }

    /**
     * Prometheus scrapes the actuator's port of each service (management.server.port) through a Service that
     * carries that port alone, never one of the API Services that the Ingress routes to.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("monitored")
    void serviceMonitorsSelectExactlyTheServicesAndScrapeTheirManagementPort(String overlay) {
        var manifest = Overlays.rendered(overlay);
        var monitors = manifest.ofKind("ServiceMonitor");
        assertThat(monitors).isNotEmpty();

        var scraped = new ArrayList<String>();
        for (var monitor : monitors) {
            var namespace = monitor.path("metadata").path("namespace").asString();
            assertThat(monitor.path("spec").has("namespaceSelector")).as("scrapes its own namespace only").isFalse();
            var selected = manifest.ofKind("Service").stream()
                    .filter(service -> namespace.equals(service.path("metadata").path("namespace").asString()))
                    .filter(service -> Manifest.selects(monitor.path("spec").path("selector"), service.path("metadata").path("labels")))
                    .toList();
            assertThat(selected).as("Services selected by ServiceMonitor %s", Manifest.nameOf(monitor)).isNotEmpty();
            assertThat(selected).extracting(Manifest::nameOf).as("Services that the Ingress routes to, selected by ServiceMonitor %s",
                    Manifest.nameOf(monitor)).doesNotContainAnyElementsOf(manifest.routedServices());
            for (var endpoint : monitor.path("spec").path("endpoints")) {
                assertThat(endpoint.path("path").asString()).isEqualTo(PROMETHEUS_PATH);
                var port = endpoint.path("port").asString();
                for (var service : selected) {
                    var pods = service.path("spec").path("selector").path("app.kubernetes.io/name").asString("");
                    assertThat(ServiceModule.NAMES).as("the pods of Service %s", Manifest.nameOf(service)).contains(pods);
                    var application = ServiceModule.named(pods);
                    assertThat(service.path("spec").path("ports").valueStream()
                            .filter(candidate -> port.equals(candidate.path("name").asString())))
                            .as("port %s of Service %s: %s's management port, to the container's port %s", port, Manifest.nameOf(service),
                                    application.name(), ManifestAgreement.MANAGEMENT)
                            .singleElement().satisfies(candidate -> {
                                assertThat(candidate.path("targetPort").asString()).isEqualTo(ManifestAgreement.MANAGEMENT);
                                assertThat(candidate.path("port").asInt()).isEqualTo(application.managementPort());
                            });
                }
            }
            selected.forEach(service -> scraped.add(service.path("spec").path("selector").path("app.kubernetes.io/name").asString()));
        }
        assertThat(scraped).containsExactlyInAnyOrderElementsOf(ServiceModule.NAMES);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("monitored")
    void everyServiceServesItsMetricsOnTheScrapedPortTaggedWithItsApplication(String overlay) {
        var manifest = Overlays.rendered(overlay);

        for (var service : ServiceModule.all()) {
            assertThat(service.setting("management.endpoints.web.exposure.include").split(","))
                    .as("%s exposes Actuator's prometheus endpoint", service.name()).contains("prometheus");
            assertThat(service.libraries()).as("%s has a Prometheus registry", service.name())
                    .anyMatch(library -> library.startsWith("micrometer-registry-prometheus-"));
            assertThat(service.hasManagementPort()).as("%s serves Actuator on a port of its own, %s", service.name(),
                    ServiceModule.MANAGEMENT_PORT).isTrue();
            assertThat(service.managementPort()).as("%s: the management port is not the API's", service.name())
                    .isNotEqualTo(service.port());
            assertThat(service.setting("management.metrics.tags.application"))
                    .as("the alerts group by application").isEqualTo("${spring.application.name}");
            assertThat(service.setting("spring.application.name"))
                    .as("an alert names the Deployment by its application label").isEqualTo(service.name());
            var deployment = manifest.named("Deployment", service.name()).orElseThrow();
            assertThat(environmentVariables(manifest, deployment))
                    .as("%s: no setting moves the endpoint away from the port the manifests scrape, or hides it, in %s", service.name(), overlay)
                    .noneMatch(variable -> variable.startsWith("MANAGEMENT_SERVER_") || variable.startsWith("MANAGEMENT_ENDPOINTS_"));
        }
    }

    @Test
    void everyAlertHasAParsableThresholdAForASeverityAndAnnotationsItsLabelsFill() {
        var problems = new ArrayList<String>();
        var names = new HashSet<String>();
        var rules = prometheusRules();
        assertThat(rules).isNotEmpty();
        for (var rule : rules) {
            for (var group : rule.path("spec").path("groups")) {
                if (group.path("name").asString("").isBlank() || group.path("rules").isEmpty()) {
                    problems.add("a group without a name or rules: " + group);
                }
                for (var alert : group.path("rules")) {
                    var name = alert.path("alert").asString("");
                    var expr = alert.path("expr").asString("");
                    if (!ALERT_NAME.matcher(name).matches() || !names.add(name)) {
                        problems.add("alert '" + name + "' is not a unique name in CamelCase");
                    }
                    PromQl.problems(expr).forEach(problem -> problems.add(name + ": " + problem));
                    if (!THRESHOLD.matcher(expr).find()) {
                        problems.add(name + ": the expression ends in no comparison with a threshold, so it fires on every series");
                    }
                    if (!PromQl.DURATION.matcher(alert.path("for").asString("")).matches() && !"0".equals(alert.path("for").asString())) {
                        problems.add(name + ": for is " + alert.path("for") + ", not a duration");
                    }
                    if (!SEVERITIES.contains(alert.path("labels").path("severity").asString(""))) {
                        problems.add(name + ": severity is " + alert.path("labels").path("severity") + ", not one of " + SEVERITIES);
                    }
                    for (var annotation : List.of("summary", "description")) {
                        var text = alert.path("annotations").path(annotation).asString("");
                        if (text.isBlank()) {
                            problems.add(name + ": no " + annotation);
                        }
                        LABEL_IN_TEMPLATE.matcher(text).results().map(label -> label.group(1))
                                .filter(label -> !keptBy(expr, label))
                                .forEach(label -> problems.add(name + ": " + annotation + " shows $labels." + label
                                        + ", which the expression aggregates away"));
                    }
                }
            }
        }

        assertThat(problems).isEmpty();
    }

    @Test
    void alertsWatchTheOutboxDeadLettersConsumerLagRelayAndRefusals() {
        var expressions = prometheusRules().stream()
                .flatMap(rule -> rule.path("spec").path("groups").valueStream())
                .flatMap(group -> group.path("rules").valueStream())
                .map(alert -> alert.path("expr").asString())
                .toList();

        for (var metric : WATCHED) {
            assertThat(expressions).as("an alert on %s", metric)
                    .anyMatch(expr -> Pattern.compile("\\b" + metric + "\\b").matcher(expr).find());
        }
    }

    @Test
    void localOverlayNeedsNoPrometheusOperator() {
        var local = Overlays.rendered(Overlays.LOCAL);

        assertThat(local.objects()).as("kind and minikube have no Prometheus Operator CRDs")
                .noneMatch(object -> object.path("apiVersion").asString().startsWith("monitoring.coreos.com/"));
    }

    @Test
    void theDocumentedDashboardCommandLoadsTheCommittedDashboardForGrafanasSidecar() {
        var command = Repository.read(Repository.path("docs", "deployment.md")).lines()
                .filter(line -> line.contains("create configmap") && line.contains("--from-file="))
                .toList();
        assertThat(command).as("the kubectl command in docs/deployment.md that loads the dashboard").hasSize(1);

        var file = DASHBOARD_FILE.matcher(command.getFirst()).results().map(match -> match.group(1)).toList();
        assertThat(file).containsExactly("observability/grafana/dashboards/food-ordering.json");
        var dashboard = Yaml.JSON.readTree(Repository.read(Repository.path(file.getFirst())));
        assertThat(dashboard.path("panels").isEmpty()).as("%s is a dashboard", file.getFirst()).isFalse();
        assertThat(command.getFirst()).as("the label Grafana's sidecar looks for").contains("grafana_dashboard=1");
    }

    /** The PrometheusRules as the production overlay renders them; the other overlays take them unchanged. */
    private static List<JsonNode> prometheusRules() {
        return Overlays.rendered(Overlays.PRODUCTION).ofKind("PrometheusRule");
    }

    /** Whether every aggregation of the expression keeps the label (by lists it; without does not). */
    private static boolean keptBy(String expr, String label) {
        return LABEL_LIST.matcher(expr).results().allMatch(list -> {
            var listed = Stream.of(list.group(1).split(",")).map(String::strip).toList().contains(label);
            return list.group().startsWith("by") == listed;
        });
    }

    /** The names of the variables the Deployment's containers get, from env and from envFrom's ConfigMaps. */
    private static List<String> environmentVariables(Manifest manifest, JsonNode deployment) {
        return ManifestAgreement.containers(deployment).stream().flatMap(container -> Stream.concat(
                container.path("env").valueStream().map(variable -> variable.path("name").asString()),
                container.path("envFrom").valueStream()
                        .flatMap(source -> manifest.named("ConfigMap", source.path("configMapRef").path("name").asString()).stream())
                        .flatMap(map -> map.path("data").properties().stream().map(Map.Entry::getKey))))
                .toList();
    }
}
