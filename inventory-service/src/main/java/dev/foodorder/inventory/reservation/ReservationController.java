package dev.foodorder.inventory.reservation;

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
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.UUID;

/**
 * The reservation half of the inventory API. It carries the same tag as
 * {@code stock.StockController}, name and description alike, so Swagger UI shows both as one
 * Inventory group.
 */
@RestController
@RequestMapping(path = "/api/inventory", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Inventory", description = "Stock levels, restocking, and what is reserved for each order")
@ApiResponse(responseCode = "400", description = "Invalid request",
        content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemDetail.class)))
class ReservationController {

    private final StockReservations reservations;

    ReservationController(StockReservations reservations) {
        this.reservations = reservations;
    }

    @GetMapping("/reservations/{orderId}")
    @Operation(summary = "Show what is reserved for an order",
            description = "Use the id of an order placed through the order service (POST /api/orders on port 8081).")
    @ApiResponse(responseCode = "200", description = "The inventory's answer to the order")
    @ApiResponse(responseCode = "404", description = "The inventory has not heard of this order (yet)",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemDetail.class)))
    ReservationView reservation(@Parameter(example = "6f1c2a7e-3b1d-4c55-9a0e-2f4b8d9c1e70") @PathVariable UUID orderId) {
        return reservations.find(OrderId.of(orderId)).map(ReservationView::of)
                .orElseThrow(() -> new NotFoundException("The inventory has not heard of order " + orderId + "."));
    }
}
