package dev.foodorder.analytics.figures;

import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.Set;

/**
 * This instance's share of the figures, for the other instances of the application: each holds only some
 * partitions, and a view answers for all of them by adding up every instance's share (see
 * {@code Instances}). The shares are the parts that add up (counts, histograms, sales per item), not the
 * figures derived from them, which would not add up.
 *
 * <p>Internal, and hidden from the API documentation: its form follows the stores and may change with any
 * version, which is no contract to offer a client. It tells no more than the public views.
 */
@Hidden
@RestController
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
class FiguresSharesController {

    static final String FIGURES = "/api/analytics/internal/figures";
    static final String SALES = "/api/analytics/internal/item-sales";

    private final Figures figures;

    FiguresSharesController(Figures figures) {
        this.figures = figures;
    }

    /** Answers 503 if a partition asked for is not held here (any more). */
    @GetMapping(FIGURES)
    FiguresShare figures(@RequestParam Instant from, @RequestParam Instant to, @RequestParam Set<Integer> partitions) {
        return figures.share(partitions, from, to);
    }

    /** Answers 503 if a partition asked for is not held here (any more). */
    @GetMapping(SALES)
    SalesShare sales(@RequestParam Instant from, @RequestParam Instant to, @RequestParam Set<Integer> partitions) {
        return figures.sales(partitions, from, to);
    }
}
