package dev.foodorder.analytics.live;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

@RestController
@Tag(name = "Live", description = "What the live page at / shows: the records as they arrive, the dead letters, the consumer lag")
class LiveController {

    static final String STREAM_PATH = "/api/live/stream";

    /** No timeout of its own: the heartbeat finds out when a page has gone, and the browser reconnects by itself. */
    private static final long NO_TIMEOUT = 0L;

    private final LiveFeed feed;
    private final Cluster cluster;
    private final LiveProperties properties;
    private final String issuer;

    LiveController(LiveFeed feed, Cluster cluster, LiveProperties properties,
                   @Value("${spring.security.oauth2.resourceserver.jwt.issuer-uri}") String issuer) {
        this.feed = feed;
        this.cluster = cluster;
        this.properties = properties;
        this.issuer = issuer;
    }

    @GetMapping(path = STREAM_PATH, produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "The events as they flow, as server-sent events",
            description = """
                    `record`: a record of orders, inventory, customers or a dead-letter topic, with its topic, \
                    partition, offset, key, CloudEvents type and time, and a one-line summary. `dead-letter`: a \
                    record parked in a dead-letter topic, with the exception and where it came from (its \
                    `kafka_dlt-*` headers). `lag`: each consumer group's lag per partition, every second. A new \
                    stream first gets the latest records of each partition, the latest dead letters and the latest \
                    lag. A comment every 15 s keeps a quiet stream open.""")
    @ApiResponse(responseCode = "200", description = "The stream; it does not end by itself",
            content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE))
    @ApiResponse(responseCode = "503", description = "As many pages watch as this service serves: retry after the seconds in Retry-After",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemDetail.class)))
    SseEmitter stream() {
        var emitter = new SseEmitter(NO_TIMEOUT);
        var subscriber = feed.subscribe(new SseSink(emitter));
        emitter.onCompletion(() -> feed.leave(subscriber));
        emitter.onTimeout(() -> feed.leave(subscriber));
        emitter.onError(error -> feed.leave(subscriber));
        return emitter;
    }

    @GetMapping(path = "/api/live/config", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The live page's settings",
            description = "Where the page signs in, places orders and reads the stock (the browser calls the identity, order "
                    + "and inventory services itself), and the bounds of its crowd. Open to all: the page reads it before "
                    + "it has signed in.")
    LiveConfig config() {
        return new LiveConfig(properties.orderServiceUrl(), properties.inventoryServiceUrl(), properties.crowdMaxCustomers(),
                properties.crowdMaxSeconds(), issuer, properties.clientId());
    }

    @GetMapping(path = "/api/live/topics", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The topics the page draws a lane for, with their partition counts",
            description = "A topic that does not exist yet has 0 partitions.")
    @ApiResponse(responseCode = "503", description = "The broker did not answer in time",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemDetail.class)))
    List<Cluster.Topic> topics() throws InterruptedException {
        try {
            return cluster.topics();
        } catch (ExecutionException | TimeoutException e) {
            throw brokerAway();
        }
    }

    @Schema(name = "LiveConfig")
    record LiveConfig(String orderServiceUrl, String inventoryServiceUrl, int crowdMaxCustomers, int crowdMaxSeconds,
                      String issuer, String clientId) {
    }

    private static ErrorResponseException brokerAway() {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, "The broker did not answer in time.");
        problem.setTitle("Service unavailable");
        return new ErrorResponseException(HttpStatus.SERVICE_UNAVAILABLE, problem, null);
    }
}
