package dev.foodorder.analytics.figures;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;

@RestController
@RequestMapping(path = "/api/analytics", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Figures", description = "Orders per minute, their outcomes and the best sellers, from the events alone")
@ApiResponse(responseCode = "400", description = "A parameter is out of range; `errors` says which",
        content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemDetail.class)))
@ApiResponse(responseCode = "503", description = """
            Kafka Streams is starting or rebalancing, or another instance did not answer in time: retry after the \
            seconds in Retry-After""",
        content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemDetail.class)))
class FiguresController {

    private final Figures figures;

    FiguresController(Figures figures) {
        this.figures = figures;
    }

    @GetMapping("/figures")
    @Operation(summary = "Orders per minute, time to outcome, rejection rate and orders by status",
            description = """
                    Minutes of event time (the time each event happened, not when it arrived), oldest first, \
                    up to the minute in progress; a minute with no orders is listed with zeros. An event may \
                    arrive up to the grace (30 s by default) after its minute and still count in it. \
                    `ordersByStatus` counts every order seen, by its latest status.""")
    @ApiResponse(responseCode = "200", description = "The figures")
    FiguresView figures(@Parameter(description = "How many minutes, up to and including the current one")
                        @RequestParam(defaultValue = "15") @Min(1) @Max(60) int minutes) {
        return figures.lastMinutes(Instant.now(), minutes);
    }

    @GetMapping("/top-sellers")
    @Operation(summary = "The menu items that brought in most in the last hour",
            description = "From confirmed orders; a confirmed order cancelled since takes its lines back out.")
    @ApiResponse(responseCode = "200", description = "The items, highest revenue first")
    TopSellersView topSellers(@Parameter(description = "How many items at most")
                              @RequestParam(defaultValue = "5") @Min(1) @Max(100) int limit) {
        return figures.topSellers(Instant.now(), limit);
    }
}
