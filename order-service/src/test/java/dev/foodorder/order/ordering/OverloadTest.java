package dev.foodorder.order.ordering;

import dev.foodorder.infrastructure.test.TestIssuer;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.foodorder.order.ordering.OrderRequests.espresso;
import static dev.foodorder.order.ordering.OrderRequests.newCustomer;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * More orders at once than the service takes: the excess is refused at once with 503 and
 * Retry-After, nothing refused is placed, and the service serves the next order normally.
 */
@TestPropertySource(properties = {"api.admission.max-in-flight=2", "api.admission.max-wait=1ms"})
class OverloadTest extends OrderServiceIntegrationTest {

    private static final int BURST = 120;

    private final HttpClient client = HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor()).build();

    @Test
    void shedsLoadWith503AndRetryAfterAndPlacesOnlyWhatItAccepted() throws Exception {
        var customer = newCustomer();
        var answers = new ArrayList<Future<HttpResponse<String>>>();
        try (var customers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < BURST; i++) {
                answers.add(customers.submit(() -> client.send(post(espresso(customer)), HttpResponse.BodyHandlers.ofString())));
            }
        }
        var accepted = 0;
        var refused = 0;
        for (var answer : answers) {
            var response = answer.get();
            switch (response.statusCode()) {
                case 202 -> accepted++;
                case 503 -> {
                    refused++;
                    assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
                    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
                }
                default -> throw new AssertionError("Neither 202 nor 503: " + response.statusCode() + " " + response.body());
            }
        }

        assertThat(refused).as("refused with 503").isPositive();
        assertThat(accepted).as("accepted").isPositive();
        assertThat(ordersOf(customer)).as("orders placed").isEqualTo(accepted);
        place(espresso(customer));
    }

    private HttpRequest post(String body) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/orders"))
                .header("Content-Type", "application/json")
                .header("Authorization", TestIssuer.get().bearerForStaff())
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private long ordersOf(String customer) {
        var page = http.get().uri("/api/orders?customerId={customer}&size=1", customer).exchange()
                .expectStatus().isOk()
                .returnResult(JsonNode.class).getResponseBody();
        assertThat(page).isNotNull();
        return page.get("totalElements").asLong();
    }
}
