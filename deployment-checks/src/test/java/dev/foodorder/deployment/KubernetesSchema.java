package dev.foodorder.deployment;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Ingress;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1NetworkPolicy;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static java.util.Map.entry;

/**
 * Validates rendered objects the way a strict API server would ({@code kubectl apply --validate=strict}):
 * an unknown or misspelt field, a missing required field or a value of the wrong type is an error.
 *
 * <ul>
 *   <li>Kubernetes' own kinds: the models of the official Java client, generated from the Kubernetes
 *       {@value #KUBERNETES_VERSION} OpenAPI document, which refuse unknown and missing required fields.</li>
 *   <li>The operators' kinds: JSON Schemas of their CRDs (src/test/resources/schemas, see the README there)
 *       that allow no property the CRD does not declare.</li>
 * </ul>
 * A kind in neither list is an error too: every object we ship is checked.
 */
final class KubernetesSchema {

    static final String KUBERNETES_VERSION = "1.35";

    private static final Map<String, Class<?>> KUBERNETES_KINDS = Map.ofEntries(
            entry("v1/Namespace", V1Namespace.class),
            entry("v1/ConfigMap", V1ConfigMap.class),
            entry("v1/Secret", V1Secret.class),
            entry("v1/Service", V1Service.class),
            entry("apps/v1/Deployment", V1Deployment.class),
            entry("policy/v1/PodDisruptionBudget", V1PodDisruptionBudget.class),
            entry("autoscaling/v2/HorizontalPodAutoscaler", V2HorizontalPodAutoscaler.class),
            entry("networking.k8s.io/v1/NetworkPolicy", V1NetworkPolicy.class),
            entry("networking.k8s.io/v1/Ingress", V1Ingress.class));

    private static final Map<String, String> CUSTOM_KINDS = Map.of(
            "kafka.strimzi.io/v1/Kafka", "strimzi-kafka",
            "kafka.strimzi.io/v1/KafkaNodePool", "strimzi-kafkanodepool",
            "kafka.strimzi.io/v1/KafkaTopic", "strimzi-kafkatopic",
            "kafka.strimzi.io/v1/KafkaUser", "strimzi-kafkauser",
            "postgresql.cnpg.io/v1/Cluster", "cnpg-cluster",
            "postgresql.cnpg.io/v1/ScheduledBackup", "cnpg-scheduledbackup",
            "keda.sh/v1alpha1/ScaledObject", "keda-scaledobject",
            "keda.sh/v1alpha1/TriggerAuthentication", "keda-triggerauthentication",
            "monitoring.coreos.com/v1/ServiceMonitor", "prometheus-servicemonitor",
            "monitoring.coreos.com/v1/PrometheusRule", "prometheus-prometheusrule");

    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7);
    private static final Map<String, Schema> LOADED = new ConcurrentHashMap<>();

    private KubernetesSchema() {
    }

    /** What is wrong with the objects, one line each; empty when all of them are valid. */
    static List<String> problems(List<JsonNode> objects) {
        return objects.stream().flatMap(object -> problems(object).stream()).toList();
    }

    static List<String> problems(JsonNode object) {
        var kind = object.path("apiVersion").asString() + "/" + object.path("kind").asString();
        var where = kind + " " + object.path("metadata").path("name").asString();
        var type = KUBERNETES_KINDS.get(kind);
        if (type != null) {
            try {
                JSON.deserialize(object.toString(), type);
                return List.of();
            } catch (RuntimeException e) {
                return List.of(where + ": " + e.getMessage());
            }
        }
        var schema = CUSTOM_KINDS.get(kind);
        if (schema != null) {
            return schemaOf(schema).validate(object.toString(), InputFormat.JSON).stream()
                    .map(error -> where + ": " + error.getInstanceLocation() + " " + error.getMessage())
                    .toList();
        }
        return List.of(where + ": no schema for this kind; add it to " + KubernetesSchema.class.getSimpleName());
    }

    private static Schema schemaOf(String name) {
        return LOADED.computeIfAbsent(name, key -> {
            var resource = "/schemas/" + key + ".schema.json";
            try (var in = KubernetesSchema.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("missing " + resource);
                }
                return SCHEMAS.getSchema(in, InputFormat.JSON);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
