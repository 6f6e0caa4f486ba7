package dev.foodorder.analytics.flagging;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.Set;

/**
 * This instance's share of the flagged customers, for the other instances of the application: each holds
 * only some partitions, and the view answers for all of them by merging every instance's share (see
 * {@code Instances}).
 *
 * <p>Internal, and hidden from the API documentation: its form follows the stores and may change with any
 * version, which is no contract to offer a client. It tells no more than the public view.
 */
@Hidden
@RestController
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
class FlaggedCustomersSharesController {

    static final String FLAGGED = "/api/analytics/internal/flagged-customers";

    private final FlaggedCustomers flagged;

    FlaggedCustomersSharesController(FlaggedCustomers flagged) {
        this.flagged = flagged;
    }

    /** Answers 503 if a partition asked for is not held here (any more). */
    @GetMapping(FLAGGED)
    FlaggedCustomersShare flagged(@RequestParam @Min(1) @Max(1000) int limit, @RequestParam Set<Integer> partitions) {
        return flagged.share(partitions, limit);
    }
}
