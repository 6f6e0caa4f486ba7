package dev.foodorder.service.api;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class AdmissionControlTest {

    private final ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch entered = new CountDownLatch(1);

    /** A request that holds its place until the test releases it. */
    private final FilterChain slow = (request, response) -> {
        entered.countDown();
        try {
            release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ((MockHttpServletResponse) response).setStatus(202);
    };

    private final FilterChain fast = (request, response) -> ((MockHttpServletResponse) response).setStatus(202);

    @AfterEach
    void stopClients() {
        release.countDown();
        clients.shutdownNow();
    }

    @Test
    void refusesWith503AndRetryAfterWhenAtCapacity() throws Exception {
        var admission = new AdmissionControl(1, 10, Duration.ofMillis(50), Duration.ofSeconds(2));
        var first = clients.submit(() -> send(admission, "POST", slow));
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();

        var refused = send(admission, "POST", fast);

        assertThat(refused.getStatus()).isEqualTo(503);
        assertThat(refused.getHeader("Retry-After")).isEqualTo("2");
        assertThat(refused.getContentType()).isEqualTo("application/problem+json");
        assertThat(refused.getContentAsString()).isEqualTo("""
                {"type":"about:blank","title":"Service unavailable","status":503,"detail":"The service is at capacity; retry after 2 s."}""");
        release.countDown();
        assertThat(first.get(5, TimeUnit.SECONDS).getStatus()).isEqualTo(202);
    }

    @Test
    void admitsAgainOnceAPlaceIsFree() throws Exception {
        var admission = new AdmissionControl(1, 10, Duration.ofMillis(10), Duration.ofSeconds(1));
        var first = clients.submit(() -> send(admission, "POST", slow));
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(send(admission, "POST", fast).getStatus()).isEqualTo(503);

        release.countDown();
        first.get(5, TimeUnit.SECONDS);

        assertThat(send(admission, "POST", fast).getStatus()).isEqualTo(202);
        assertThat(admission.inFlight()).isZero();
    }

    @Test
    void aRequestThatWaitsWithinMaxWaitIsServed() throws Exception {
        var admission = new AdmissionControl(1, 10, Duration.ofSeconds(10), Duration.ofSeconds(1));
        var first = clients.submit(() -> send(admission, "POST", slow));
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();

        Future<MockHttpServletResponse> second = clients.submit(() -> send(admission, "POST", fast));
        await().atMost(Duration.ofSeconds(5)).until(() -> admission.waiting() == 1);
        release.countDown();

        assertThat(second.get(5, TimeUnit.SECONDS).getStatus()).isEqualTo(202);
        assertThat(first.get(5, TimeUnit.SECONDS).getStatus()).isEqualTo(202);
    }

    @Test
    void refusesAtOnceWhenAsManyRequestsWaitAsAllowed() throws Exception {
        var admission = new AdmissionControl(1, 1, Duration.ofSeconds(30), Duration.ofSeconds(1));
        var first = clients.submit(() -> send(admission, "POST", slow));
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
        Future<MockHttpServletResponse> second = clients.submit(() -> send(admission, "POST", fast));
        await().atMost(Duration.ofSeconds(5)).until(() -> admission.waiting() == 1);

        // Refused while the first still holds its place: it did not wait its 30 s behind the second.
        Future<MockHttpServletResponse> third = clients.submit(() -> send(admission, "POST", fast));
        assertThat(third.get(5, TimeUnit.SECONDS).getStatus()).isEqualTo(503);

        release.countDown();
        assertThat(second.get(5, TimeUnit.SECONDS).getStatus()).isEqualTo(202);
        assertThat(first.get(5, TimeUnit.SECONDS).getStatus()).isEqualTo(202);
    }

    @Test
    void aRequestThatOnlyWaitsCanGiveItsPlaceToTheNext() throws Exception {
        var admission = new AdmissionControl(1, 10, Duration.ofMillis(10), Duration.ofSeconds(1));
        FilterChain leavesThenWaits = (request, response) -> {
            AdmissionControl.leave(request);
            AdmissionControl.leave(request);
            slow.doFilter(request, response);
        };
        var first = clients.submit(() -> send(admission, "POST", leavesThenWaits));
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();

        assertThat(send(admission, "POST", fast).getStatus()).isEqualTo(202);
        release.countDown();
        first.get(5, TimeUnit.SECONDS);
        assertThat(admission.inFlight()).isZero();
    }

    @Test
    void aBackpressureSignalRefusesWithItsReasonBeforeTheRequestTakesAPlace() throws Exception {
        Backpressure full = request -> request.getRequestURI().equals("/api/orders")
                ? Optional.of("1000 orders wait for \"the inventory\".") : Optional.empty();
        var admission = new AdmissionControl(1, 10, Duration.ofMillis(10), Duration.ofSeconds(1), List.of(full));

        var refused = send(admission, "POST", fast);

        assertThat(refused.getStatus()).isEqualTo(503);
        assertThat(refused.getHeader("Retry-After")).isEqualTo("1");
        assertThat(new JsonMapper().readTree(refused.getContentAsString()).get("detail").asString())
                .isEqualTo("1000 orders wait for \"the inventory\".");
        assertThat(admission.inFlight()).isZero();
    }

    @Test
    void readsAreNeverRefused() throws Exception {
        var admission = new AdmissionControl(1, 10, Duration.ofMillis(10), Duration.ofSeconds(1));
        clients.submit(() -> send(admission, "POST", slow));
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();

        assertThat(send(admission, "GET", fast).getStatus()).isEqualTo(202);
        assertThat(send(admission, "POST", fast).getStatus()).isEqualTo(503);
    }

    @Test
    void reportsPlacesInUseAndCountsRefusalsByReason() throws Exception {
        var busy = new AtomicBoolean();
        var backlog = new Backpressure() {
            @Override
            public Optional<String> refusal(HttpServletRequest request) {
                return busy.get() ? Optional.of("backlog") : Optional.empty();
            }

            @Override
            public String reason() {
                return "backlog";
            }
        };
        var admission = new AdmissionControl(1, 10, Duration.ofMillis(10), Duration.ofSeconds(1), List.of(backlog));
        var registry = new SimpleMeterRegistry();
        admission.bindTo(registry);
        assertThat(registry.get("http.admission.refused").tag("reason", "backlog").functionCounter().count()).isZero();
        clients.submit(() -> send(admission, "POST", slow));
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();

        send(admission, "POST", fast);
        send(admission, "PUT", fast);
        busy.set(true);
        send(admission, "POST", fast);

        assertThat(registry.get("http.admission.in.flight").gauge().value()).isEqualTo(1);
        assertThat(registry.get("http.admission.limit").gauge().value()).isEqualTo(1);
        assertThat(registry.get("http.admission.refused").tag("reason", AdmissionControl.AT_CAPACITY)
                .functionCounter().count()).isEqualTo(2);
        assertThat(registry.get("http.admission.refused").tag("reason", "backlog").functionCounter().count()).isEqualTo(1);
    }

    private static MockHttpServletResponse send(AdmissionControl admission, String method, FilterChain chain) throws Exception {
        var request = new MockHttpServletRequest(method, "/api/orders");
        var response = new MockHttpServletResponse();
        admission.doFilter(request, response, chain);
        return response;
    }
}
