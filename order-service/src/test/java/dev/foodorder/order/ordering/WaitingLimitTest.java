package dev.foodorder.order.ordering;

import dev.foodorder.infrastructure.test.TestIssuer;
import dev.foodorder.events.OrderId;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static dev.foodorder.order.ordering.OrderRequests.espresso;
import static dev.foodorder.order.ordering.OrderRequests.newCustomer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Waiting for an outcome is bounded: beyond {@code orders.waiting.max-waiters} requests waiting at
 * once, a request that asks to wait is answered at once, as if it had not asked, and says so by
 * leaving out Preference-Applied. No inventory runs here, so every order stays PENDING.
 */
@TestPropertySource(properties = "orders.waiting.max-waiters=1")
class WaitingLimitTest extends OrderServiceIntegrationTest {

    private final HttpClient client = HttpClient.newHttpClient();

    @Autowired
    MeterRegistry meters;

    @Autowired
    JsonMapper json;

    @Test
    void aRequestBeyondTheMostWaitingIsAnsweredAtOnceWithoutPreferenceApplied() throws Exception {
        var order = place(espresso(newCustomer()));
        var waiting = meters.get("orders.waiting.requests").gauge();
        var refused = meters.get("orders.waiting.refused").counter();
        var refusedBefore = refused.count();

        var first = client.sendAsync(get(order, "wait=3"), HttpResponse.BodyHandlers.ofString());
        await().until(() -> waiting.value() == 1);
        var second = client.send(get(order, "wait=3"), HttpResponse.BodyHandlers.ofString());

        assertThat(first).as("the first request, still waiting").isNotDone();
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.headers().firstValue("Preference-Applied")).isEmpty();
        assertThat(json.readTree(second.body()).get("status").asString()).isEqualTo("PENDING");
        assertThat(refused.count()).isEqualTo(refusedBefore + 1);

        assertThat(first.get().headers().firstValue("Preference-Applied")).hasValue("wait=3");
        await().until(() -> waiting.value() == 0);
        assertThat(client.send(get(order, "wait=1"), HttpResponse.BodyHandlers.ofString()).headers()
                .firstValue("Preference-Applied")).hasValue("wait=1");
    }

    private HttpRequest get(OrderId order, String prefer) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/orders/" + order)).header("Prefer", prefer)
                .header("Authorization", TestIssuer.get().bearerForStaff()).build();
    }
}
