package dev.foodorder.inventory.stock;

import dev.foodorder.service.api.IdempotencyKey;
import dev.foodorder.service.api.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The stock half of the inventory API. It carries the same tag as
 * {@code reservation.ReservationController}, name and description alike, so Swagger UI
 * shows both as one Inventory group.
 */
@RestController
@RequestMapping(path = "/api/inventory", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Inventory", description = "Stock levels, restocking, and what is reserved for each order")
@ApiResponse(responseCode = "400", description = "Invalid request",
        content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemDetail.class)))
class StockController {

    private final Stocks stocks;
    private final Restocking restocking;

    StockController(Stocks stocks, Restocking restocking) {
        this.stocks = stocks;
        this.restocking = restocking;
    }

    @GetMapping
    @Operation(summary = "List the stock of every sku", description = "In sku order, one page at a time.")
    StockPage list(@Parameter(description = "Zero-based page number", example = "0")
                   @RequestParam(defaultValue = "0") @Min(0) int page,
                   @Parameter(description = "Items per page, 1 to 100", example = "20")
                   @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        return StockPage.of(stocks.findAll(PageRequest.of(page, size, Sort.by("sku"))).map(StockLevel::of));
    }

    @GetMapping("/{sku}")
    @Operation(summary = "Show the stock of one sku")
    @ApiResponse(responseCode = "200", description = "The stock")
    @ApiResponse(responseCode = "404", description = "No stock is kept for this sku",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemDetail.class)))
    StockLevel get(@Parameter(example = "tiramisu") @PathVariable String sku) {
        return stocks.findById(sku).map(StockLevel::of).orElseThrow(() -> noStock(sku));
    }

    @PostMapping(path = "/{sku}/restock", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Add delivered units to a sku's stock",
            description = "Publishes StockReplenished on topic inventory. Answers with the stock after the restock.")
    @ApiResponse(responseCode = "200", description = "The stock after the restock")
    @ApiResponse(responseCode = "404", description = "No stock is kept for this sku",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "422", description = "The sku would hold more than 1,000,000 units, or the Idempotency-Key was "
            + "used for a different restock",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<StockLevel> restock(@Parameter(example = "tiramisu") @PathVariable String sku,
                                       @Valid @RequestBody RestockRequest request,
                                       @Parameter(description = "Makes a retry safe: the same key with the same sku and quantity "
                                               + "answers the stock as it is and adds nothing more. Any unique string, such as "
                                               + "a delivery note's number (at most 255 characters).")
                                       @RequestHeader(name = IdempotencyKey.HEADER, required = false) String idempotencyKey) {
        var restocked = restocking.restock(sku, request.quantity(), IdempotencyKey.checked(idempotencyKey));
        var response = ResponseEntity.ok();
        if (restocked.replayed()) {
            response.header(IdempotencyKey.REPLAYED, "true");
        }
        return response.body(StockLevel.of(restocked.stock()));
    }

    private static NotFoundException noStock(String sku) {
        return new NotFoundException("No stock is kept for sku " + sku + ".");
    }
}
