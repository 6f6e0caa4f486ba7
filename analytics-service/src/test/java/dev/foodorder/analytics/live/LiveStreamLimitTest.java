package dev.foodorder.analytics.live;

import dev.foodorder.infrastructure.test.TestIssuer;
import dev.foodorder.infrastructure.test.RealInfrastructure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static dev.foodorder.analytics.live.EventStream.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The stream serves as many pages as configured; the next is told to come back later. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "analytics.live.max-subscribers=1")
@RealInfrastructure
class LiveStreamLimitTest {

    @LocalServerPort
    int port;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @AfterEach
    void closeClient() {
        // Not close(): it waits for every exchange to end, and a page's stream ends only when the server writes to it.
        client.shutdownNow();
    }

    @Test
    void refusesAPageBeyondTheLimitWith503AndRetryAfterUntilAnotherHasGone() throws Exception {
        var first = EventStream.open(client, stream());

        var refused = client.send(HttpRequest.newBuilder(stream()).header("Accept", "text/event-stream")
                        .header("Authorization", TestIssuer.get().bearerForStaff()).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("5");
        var problem = JsonMapper.builder().build().readTree(refused.body());
        assertThat(problem.get("status").asInt()).isEqualTo(503);
        assertThat(problem.get("detail").asString()).contains("1 pages are watching already");

        first.close();

        // The service learns that the first page has gone when it next writes to it: the lag, every second.
        try (var next = await().atMost(PATIENCE).ignoreExceptions().until(() -> EventStream.open(client, stream()), open -> true)) {
            assertThat(next).isNotNull();
        }
    }

    private URI stream() {
        return URI.create("http://localhost:" + port + "/api/live/stream");
    }
}
