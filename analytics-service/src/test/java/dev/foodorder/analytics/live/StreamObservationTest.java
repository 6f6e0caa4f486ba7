package dev.foodorder.analytics.live;

import org.junit.jupiter.api.Test;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class StreamObservationTest {

    private final StreamObservation observation = new StreamObservation();

    @Test
    void timesEveryRequestButTheLiveStream() {
        var timed = observation.liveStreamIsNoRequestToTime();

        assertThat(timed.test("http.server.requests", requestTo("/api/live/stream"))).isFalse();
        assertThat(timed.test("http.server.requests", requestTo("/api/live/topics"))).isTrue();
        assertThat(timed.test("http.server.requests", requestTo("/api/analytics/figures"))).isTrue();
    }

    private static ServerRequestObservationContext requestTo(String path) {
        return new ServerRequestObservationContext(new MockHttpServletRequest("GET", path), new MockHttpServletResponse());
    }
}
