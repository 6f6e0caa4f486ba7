package dev.foodorder.analytics.live;

import io.micrometer.observation.ObservationPredicate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.observation.ServerRequestObservationContext;

/**
 * Leaves the live stream out of the HTTP observations. A stream is one request that lasts as long as
 * its page is open: timed as a request it would be the service's slowest by far, and swamp the latency
 * percentiles that the dashboard shows for the service's API.
 */
@Configuration(proxyBeanMethods = false)
class StreamObservation {

    @Bean
    ObservationPredicate liveStreamIsNoRequestToTime() {
        return (name, context) -> !(context instanceof ServerRequestObservationContext request
                && LiveController.STREAM_PATH.equals(request.getCarrier().getRequestURI()));
    }
}
