package dev.foodorder.systemtest;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenario 10: one order's trace, opened in the trace server. The caller asks for the trace to be
 * recorded (a sampled W3C {@code traceparent}); every service follows that decision, whatever its
 * own sampling rate, and the trace's spans reach Zipkin from all three services as one tree.
 */
@SystemTest
@Order(10)
@DisplayName("10. One order's trace spans all three services, from the POST to the notification")
class TracingIT {

    private static final Duration EXPORTED_WITHIN = Duration.ofMinutes(1);

    private final RunningSystem system;

    TracingIT(RunningSystem system) {
        this.system = system;
    }

    @Test
    void theTraceOfAnOrderHoldsItsRequestBothRelaysTheInventoryTheAnswerAndTheNotifications() {
        var scenario = Scenario.begin(system, 10, "One order's trace in Zipkin").stockUp(100, 3);
        var traceId = HexFormat.of().formatHex(randomBytes(16));
        var traceparent = "00-%s-%s-01".formatted(traceId, HexFormat.of().formatHex(randomBytes(8)));

        var order = scenario.place(scenario.customer(1), Map.of("margherita", 1), "traceparent", traceparent);
        assertThat(system.orders().awaitOutcome(order.id(), 10).status()).isEqualTo("CONFIRMED");

        var expected = Set.of(
                "order-service: http post /api/orders",
                "order-service: send orderplaced",
                "inventory-service: process orderplaced",
                "inventory-service: send stockreserved",
                "order-service: process stockreserved",
                "order-service: send orderconfirmed",
                "notification-service: process orderplaced",
                "notification-service: process orderconfirmed");
        await("the spans of trace " + traceId + " in Zipkin").atMost(EXPORTED_WITHIN).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(spans(traceId)).containsAll(expected));
        assertThat(rootsOf(traceId)).as("spans of the trace whose parent is not in it").containsExactly("http post /api/orders");
        scenario.assertBooksBalance(Duration.ofMinutes(1));
    }

    /** Each span of the trace as "service: name", as Zipkin's API lists them. */
    private Set<String> spans(String traceId) {
        var names = new HashSet<String>();
        trace(traceId).forEach(span -> names.add(span.path("localEndpoint").path("serviceName").asString() + ": " + span.path("name").asString()));
        return names;
    }

    /** The spans whose parent is not in the trace: one, the request's server span, where the caller's own span is not recorded. */
    private Set<String> rootsOf(String traceId) {
        var ids = new HashSet<String>();
        trace(traceId).forEach(span -> ids.add(span.path("id").asString()));
        var roots = new HashSet<String>();
        trace(traceId).forEach(span -> {
            if (!ids.contains(span.path("parentId").asString())) {
                roots.add(span.path("name").asString());
            }
        });
        return roots;
    }

    private JsonNode trace(String traceId) {
        var response = system.zipkin().get("/api/v2/trace/" + traceId);
        return response.status() == 200 ? response.json() : Http.JSON.createArrayNode();
    }

    private static byte[] randomBytes(int length) {
        var bytes = new byte[length];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }
}
