package dev.foodorder.analytics.timeline;

import dev.foodorder.analytics.streams.Instances;
import dev.foodorder.events.OrderId;
import dev.foodorder.service.api.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.UUID;

@RestController
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Timelines", description = "Every event of an order, across services")
class TimelineController {

    static final String TIMELINE = "/api/analytics/orders/{orderId}/timeline";

    private final Timelines timelines;

    TimelineController(Timelines timelines) {
        this.timelines = timelines;
    }

    @GetMapping(TIMELINE)
    @Operation(summary = "An order's events from topics orders and inventory",
            description = """
                    Each event with its type, the topic, partition and offset it was read from, when it happened \
                    and which service published it. Kept for a day (analytics.state.retention) after the order's \
                    last event.""")
    @ApiResponse(responseCode = "200", description = "The timeline")
    @ApiResponse(responseCode = "404", description = "No event of this order was seen, or it was forgotten",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "503", description = """
            Kafka Streams is starting or rebalancing, or another instance did not answer in time: retry after the \
            seconds in Retry-After""",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemDetail.class)))
    TimelineView timeline(@Parameter(description = "The order's id") @PathVariable UUID orderId,
                          @Parameter(hidden = true) @RequestHeader(name = Instances.FORWARDED, required = false) String forwardedBy) {
        var id = OrderId.of(orderId);
        var timeline = forwardedBy == null ? timelines.of(id) : timelines.ofForwarded(id);
        return timeline.orElseThrow(() -> new NotFoundException("No event of order " + orderId + " was seen."));
    }
}
