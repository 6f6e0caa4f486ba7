package dev.foodorder.analytics.flagging;

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

import java.util.List;

@RestController
@RequestMapping(path = "/api/analytics", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Flagged customers", description = "Customers who ordered more often than the rule allows")
class FlaggedCustomersController {

    private final FlaggedCustomers flagged;

    FlaggedCustomersController(FlaggedCustomers flagged) {
        this.flagged = flagged;
    }

    @GetMapping("/flagged-customers")
    @Operation(summary = "Customers flagged in the last day, newest first",
            description = """
                    A customer who places more than analytics.flagging.max-orders orders (5) within \
                    analytics.flagging.within (10 s) of event time is flagged once per burst, and a CustomerFlagged \
                    event is published on topic customers. Each customer is listed once, with the latest burst.""")
    @ApiResponse(responseCode = "200", description = "The flagged customers")
    @ApiResponse(responseCode = "400", description = "The limit is out of range",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "503", description = """
            Kafka Streams is starting or rebalancing, or another instance did not answer in time: retry after the \
            seconds in Retry-After""",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemDetail.class)))
    List<FlaggedCustomer> flaggedCustomers(@Parameter(description = "How many customers at most")
                                           @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        return flagged.newestFirst(limit);
    }
}
