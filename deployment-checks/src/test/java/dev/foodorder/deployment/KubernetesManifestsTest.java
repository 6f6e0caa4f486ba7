package dev.foodorder.deployment;

import dev.foodorder.events.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/** k8s/: both overlays (and each with the optional components) render, validate strictly, and agree with the code. */
class KubernetesManifestsTest {

    /** Names, not manifests: each test renders its own (cached), so without kubectl each reports as skipped. */
    static List<String> overlays() {
        return Overlays.NAMES;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void everyObjectValidatesAgainstTheKubernetesAndOperatorSchemas(String overlay) {
        var manifest = Overlays.rendered(overlay);

        assertThat(manifest.objects()).isNotEmpty();
        assertThat(KubernetesSchema.problems(manifest.objects()))
                .as("invalid against Kubernetes %s or the operators' CRDs", KubernetesSchema.KUBERNETES_VERSION)
                .isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void portsProbesSettingsDatabasesAndTopicsAgreeWithTheServices(String overlay) {
        var manifest = Overlays.rendered(overlay);

        assertThat(ManifestAgreement.problems(manifest)).isEmpty();
    }

    /**
     * The Ingress, the way in from outside, routes the public APIs and UIs only: not actuator, not the
     * analytics' internal endpoints, not the operators' dead-letter API (anyone could replay a record).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void theIngressRoutesThePublicApisAndNothingForOperatorsOrPods(String overlay) {
        var routes = Overlays.rendered(overlay).ofKind("Ingress").stream()
                .flatMap(ingress -> StreamSupport.stream(ingress.path("spec").path("rules").spliterator(), false))
                .flatMap(rule -> StreamSupport.stream(rule.path("http").path("paths").spliterator(), false))
                .toList();

        for (var closed : List.of("/actuator/prometheus", "/api/dead-letters", "/api/dead-letters/replay",
                "/api/analytics/internal/figures")) {
            assertThat(routes).as("Ingress paths that reach %s", closed).noneMatch(route -> reaches(route, closed));
        }
        for (var open : List.of("/api/orders", "/api/menu", "/api/inventory/tiramisu", "/api/notifications/stream",
                "/api/live/stream", "/swagger-ui/index.html")) {
            assertThat(routes).as("Ingress paths that reach %s", open).anyMatch(route -> reaches(route, open));
        }
    }

    /** Whether an Ingress path routes the request path: the same path, or for Prefix one of its segments' beginnings. */
    private static boolean reaches(JsonNode route, String requestPath) {
        var path = route.path("path").asString();
        return switch (route.path("pathType").asString()) {
            case "Exact" -> requestPath.equals(path);
            case "Prefix" -> path.equals("/") || requestPath.equals(path) || requestPath.startsWith(path.endsWith("/") ? path : path + "/");
            default -> true;
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void deploymentsRunTheImagesTheComposeFileBuilds(String overlay) {
        var manifest = Overlays.rendered(overlay);

        var composeImages = ServiceModule.NAMES.stream()
                .map(name -> ManifestAgreement.repository(ComposeFile.load().service(name).path("image").asString()))
                .toList();

        var deployedImages = manifest.ofKind("Deployment").stream()
                .flatMap(deployment -> ManifestAgreement.containers(deployment).stream())
                .map(container -> ManifestAgreement.repository(container.path("image").asString()))
                .toList();

        assertThat(deployedImages).containsExactlyInAnyOrderElementsOf(composeImages);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void servicePodsRunWithoutPrivilegesTokensOrAWritableImage(String overlay) {
        var manifest = Overlays.rendered(overlay);

        for (var deployment : manifest.ofKind("Deployment")) {
            var pod = deployment.path("spec").path("template").path("spec");
            assertThat(pod.path("automountServiceAccountToken").asBoolean(true)).as("token in %s", Manifest.nameOf(deployment)).isFalse();
            assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
            for (var container : ManifestAgreement.containers(deployment)) {
                var security = container.path("securityContext");
                assertThat(security.path("readOnlyRootFilesystem").asBoolean()).as("read-only root of %s", container.path("name")).isTrue();
                assertThat(security.path("allowPrivilegeEscalation").asBoolean(true)).isFalse();
                assertThat(security.path("capabilities").path("drop").toString()).contains("\"ALL\"");
                assertThat(container.path("resources").path("requests").has("memory")).isTrue();
                assertThat(container.path("resources").path("limits").has("memory")).isTrue();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void everyServiceHasADisruptionBudgetAndOneAutoscalerUnlessItFixesItsReplicas(String overlay) {
        var manifest = Overlays.rendered(overlay);

        for (var service : ServiceModule.NAMES) {
            assertThat(manifest.named("PodDisruptionBudget", service)).as("PodDisruptionBudget of %s", service).isPresent();
            var autoscalers = manifest.objects().stream()
                    .filter(object -> List.of("HorizontalPodAutoscaler", "ScaledObject").contains(object.path("kind").asString()))
                    .filter(object -> service.equals(object.path("spec").path("scaleTargetRef").path("name").asString()))
                    .toList();
            // A Deployment that fixes its replicas (the analytics, one pod until queries are forwarded) has none.
            var fixed = manifest.named("Deployment", service).orElseThrow().path("spec").has("replicas");
            assertThat(autoscalers).as("autoscalers of %s (two would fight)", service).hasSize(fixed ? 0 : 1);
        }
    }

    @Test
    void localOverlayRunsOneOfEverything() {
        var local = Overlays.rendered(Overlays.LOCAL);

        assertThat(local.ofKind("KafkaNodePool")).singleElement()
                .satisfies(pool -> assertThat(pool.path("spec").path("replicas").asInt()).isEqualTo(1));
        assertThat(local.ofKind("HorizontalPodAutoscaler"))
                .allSatisfy(autoscaler -> assertThat(autoscaler.path("spec").path("maxReplicas").asInt()).isEqualTo(1));
        assertThat(local.ofKind("Cluster"))
                .allSatisfy(cluster -> assertThat(cluster.path("spec").path("instances").asInt()).isEqualTo(1));
    }

    @Test
    void productionOverlayKeepsThreeCopiesOfEveryPartitionAndTwoPodsOfEveryService() {
        var production = Overlays.rendered(Overlays.PRODUCTION);

        assertThat(production.ofKind("KafkaNodePool").stream().mapToInt(pool -> pool.path("spec").path("replicas").asInt()).sum())
                .isEqualTo(3);
        var config = production.ofKind("Kafka").getFirst().path("spec").path("kafka").path("config");
        assertThat(config.path("default.replication.factor").asInt()).isEqualTo(3);
        assertThat(config.path("min.insync.replicas").asInt()).isEqualTo(2);
        assertThat(production.ofKind("KafkaTopic"))
                .allSatisfy(topic -> assertThat(topic.path("spec").path("replicas").asInt()).isEqualTo(3));
        assertThat(production.ofKind("HorizontalPodAutoscaler"))
                .allSatisfy(autoscaler -> assertThat(autoscaler.path("spec").path("minReplicas").asInt()).isGreaterThanOrEqualTo(2));
        assertThat(production.ofKind("Cluster"))
                .allSatisfy(cluster -> assertThat(cluster.path("spec").path("instances").asInt()).isGreaterThanOrEqualTo(2));
    }

    @Test
    void productionServesNoSwaggerUiOrApiDocumentsUnlessSwitchedOnAndTheLocalOverlayDoes() {
        var off = Map.of("SPRINGDOC_API_DOCS_ENABLED", "false", "SPRINGDOC_SWAGGER_UI_ENABLED", "false");
        // The identity service has no Swagger UI.
        var withSwaggerUi = ServiceModule.all().stream().filter(service -> service.reads("SPRINGDOC_SWAGGER_UI_ENABLED"))
                .map(ServiceModule::name).toList();
        assertThat(withSwaggerUi).isNotEmpty();
        for (var service : withSwaggerUi) {
            assertThat(settings(Overlays.rendered(Overlays.PRODUCTION), service)).as("production settings of %s", service)
                    .containsAllEntriesOf(off);
            assertThat(settings(Overlays.rendered(Overlays.LOCAL), service)).as("local settings of %s", service)
                    .doesNotContainKeys("SPRINGDOC_API_DOCS_ENABLED", "SPRINGDOC_SWAGGER_UI_ENABLED");
        }
    }

    /**
     * The services take the tokens whose `iss` is exactly the identity service's issuer, the URL at which the
     * Ingress serves its sign-in, token and discovery endpoints to browsers; they fetch its keys from its
     * Service inside the cluster.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void servicesTakeTheTokensOfTheIdentityServiceThatTheIngressServesAndFetchItsKeysInside(String overlay) {
        var manifest = Overlays.rendered(overlay);
        var identity = ServiceModule.authorizationServer();
        var issuer = settings(manifest, identity.name()).get("SPRING_SECURITY_OAUTH2_AUTHORIZATIONSERVER_ISSUER");
        assertThat(issuer).as("the issuer of %s", identity.name()).isNotBlank();

        var issuerUri = URI.create(issuer);
        var routes = manifest.ofKind("Ingress").stream()
                .flatMap(ingress -> ingress.path("spec").path("rules").valueStream())
                .filter(rule -> issuerUri.getHost().equals(rule.path("host").asString()))
                .flatMap(rule -> rule.path("http").path("paths").valueStream())
                .toList();
        for (var endpoint : List.of("/.well-known/openid-configuration", "/oauth2/authorize", "/login", "/oauth2/token", "/oauth2/jwks")) {
            var path = issuerUri.getPath().replaceAll("/$", "") + endpoint;
            assertThat(routes).as("Ingress paths of host %s that reach %s of %s", issuerUri.getHost(), path, identity.name())
                    .anyMatch(route -> reaches(route, path)
                            && identity.name().equals(route.path("backend").path("service").path("name").asString()));
        }
        for (var service : ServiceModule.resourceServers()) {
            assertThat(settings(manifest, service)).as("settings of %s", service)
                    .containsEntry("SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUER_URI", issuer)
                    .containsEntry("SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_JWK_SET_URI",
                            "http://" + identity.name() + ":" + identity.port() + "/oauth2/jwks");
        }
    }

    /** The demo's accounts and clients have documented secrets: the local overlay stores them, production never. */
    @Test
    void theIdentityServiceStoresTheDemoInTheLocalOverlayAndNeverInProduction() {
        var identity = ServiceModule.authorizationServer();
        assertThat(identity.setting("identity.demo.enabled")).as("the service's default").isEqualTo("false");

        assertThat(settings(Overlays.rendered(Overlays.LOCAL), identity.name())).containsEntry("IDENTITY_DEMO_ENABLED", "true");
        assertThat(settings(Overlays.rendered(Overlays.PRODUCTION), identity.name()).getOrDefault("IDENTITY_DEMO_ENABLED", "false"))
                .isEqualTo("false");
    }

    /** The environment a service's ConfigMap gives its pods. */
    private static Map<String, String> settings(Manifest manifest, String service) {
        var settings = new TreeMap<String, String>();
        manifest.ofKind("ConfigMap").stream()
                .filter(map -> Manifest.nameOf(map).startsWith(service + "-") || Manifest.nameOf(map).equals(service))
                .forEach(map -> map.path("data").properties().forEach(entry -> settings.put(entry.getKey(), entry.getValue().asString())));
        return settings;
    }

    @Test
    void kedaScalesEachConsumerOnItsOwnGroupsLagAndNeverBeyondThePartitions() {
        var withKeda = Overlays.rendered(Overlays.LOCAL_WITH_KEDA);

        var scaled = withKeda.ofKind("ScaledObject");
        assertThat(scaled).extracting(object -> object.path("spec").path("scaleTargetRef").path("name").asString())
                .containsExactlyInAnyOrder("inventory-service", "notification-service");
        var listeners = withKeda.ofKind("Kafka").getFirst().path("spec").path("kafka").path("listeners");
        for (var object : scaled) {
            var service = ServiceModule.named(object.path("spec").path("scaleTargetRef").path("name").asString());
            assertThat(object.path("spec").path("maxReplicaCount").asInt()).isLessThanOrEqualTo(Topics.DEFAULT_PARTITIONS);
            for (var trigger : object.path("spec").path("triggers")) {
                var metadata = trigger.path("metadata");
                assertThat(metadata.path("consumerGroup").asString()).isEqualTo(service.consumerGroup());
                assertThat(ManifestAgreement.CONTRACT_TOPICS).contains(metadata.path("topic").asString());
                // KEDA reads the lag from a listener that lets its namespace in, over TLS, with a login.
                var port = Integer.parseInt(metadata.path("bootstrapServers").asString().replaceAll(".*:", ""));
                var listener = listeners.valueStream().filter(candidate -> candidate.path("port").asInt() == port).findFirst().orElseThrow();
                assertThat(listener.path("networkPolicyPeers").valueStream().map(JsonNode::toString))
                        .as("peers of the listener on port %s", port).anyMatch(peer -> peer.contains("\"keda\""));
                assertThat(listener.path("tls").asBoolean()).isTrue();
                assertThat(metadata.path("tls").asString()).isEqualTo("enable");
                assertThat(withKeda.named("TriggerAuthentication", trigger.path("authenticationRef").path("name").asString()))
                        .as("the TriggerAuthentication of %s", Manifest.nameOf(object)).isPresent();
            }
        }
    }

    /**
     * No password is in the base or the production overlay: the operators write the owners' and the Kafka
     * users' Secrets, and the data-only roles' are provided where the overlay is applied. The local overlay
     * generates those with the demo's value, one for each Cluster's role.
     */
    @Test
    void noPasswordIsCommittedToTheBaseOrTheProductionOverlayAndTheLocalOneGeneratesTheDemos() {
        var base = Manifest.render("base", Repository.path("k8s", "base"));

        assertThat(CommittedSecrets.problems(base)).isEmpty();
        assertThat(CommittedSecrets.problems(Overlays.rendered(Overlays.PRODUCTION))).isEmpty();
        var local = Overlays.rendered(Overlays.LOCAL);
        var roleSecrets = local.ofKind("Cluster").stream()
                .flatMap(cluster -> cluster.path("spec").path("managed").path("roles").valueStream())
                .map(role -> role.path("passwordSecret").path("name").asString())
                .toList();
        assertThat(roleSecrets).hasSize(ServiceModule.withDatabases().size())
                .allSatisfy(secret -> assertThat(local.named("Secret", secret)).as("Secret %s", secret).isPresent());
    }
}
