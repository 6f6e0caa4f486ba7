package dev.foodorder.order.ordering;

import dev.foodorder.events.OrderId;
import dev.foodorder.service.api.AdmissionControl;
import dev.foodorder.service.api.IdempotencyKey;
import dev.foodorder.service.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
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

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

@RestController
@RequestMapping(path = "/api/orders", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Orders", description = "Place orders, follow them to their outcome, cancel them")
@ApiResponse(responseCode = "400", description = "Malformed or invalid request; `errors` lists the invalid fields",
        content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemDetail.class)))
class OrderController {


    private final OrderService orders;
    private final OrderOutcomes outcomes;
    private final PlacementLimit limit;
    private final Duration maxWait;

    OrderController(OrderService orders, OrderOutcomes outcomes, PlacementLimit limit, OrderingProperties properties) {
        this.orders = orders;
        this.outcomes = outcomes;
        this.limit = limit;
        this.maxWait = properties.waiting().max();
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Place an order",
            description = """
                    Answers at once with 202 and the order, PENDING until the inventory reserves its items \
                    (CONFIRMED) or cannot (REJECTED). Follow the Location header to see the outcome. \
                    With `Prefer: wait=N` the answer waits up to N seconds for the outcome, and is 201 if it came.""")
    @ApiResponse(responseCode = "202", description = "Placed; the outcome is not known yet")
    @ApiResponse(responseCode = "201", description = "Placed, and decided within the wait asked for")
    @ApiResponse(responseCode = "503", description = "Too many orders wait for their outcome, or too many requests are worked on: "
            + "retry after the seconds in Retry-After",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "403", description = "A customer named another customer, or the caller is neither customer nor staff",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "429", description = "The customer has placed as many orders as the limit allows for now: "
            + "retry after the seconds in Retry-After",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "422", description = "The Idempotency-Key was used for a different request",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<OrderDetails> place(
            @Valid @RequestBody PlaceOrderRequest request,
            @Parameter(description = "Makes a retry safe: the same key with the same body returns the order the first "
                    + "request placed, and places nothing new. Any unique string, such as a UUID (at most 255 characters).")
            @RequestHeader(name = IdempotencyKey.HEADER, required = false) String idempotencyKey,
            @Parameter(description = "`wait=N` (RFC 7240): wait up to N seconds for the outcome (at most 30 by default)")
            @RequestHeader(name = Prefer.HEADER, required = false) String prefer,
            Caller caller, HttpServletRequest http) {
        var key = IdempotencyKey.checked(idempotencyKey);
        limit.admit(caller);
        // A key is the caller's own: another caller's same key neither replays nor blocks theirs.
        var placed = orders.place(request.placedBy(caller), key != null ? caller.subject() + " " + key : null);
        var wait = Prefer.waitOf(prefer).map(this::capped);
        // The order is placed; waiting for its outcome costs nothing that admission control should bound.
        wait.ifPresent(duration -> AdmissionControl.leave(http));
        // Empty where no wait was asked for, or as many requests wait as allowed: then answered at once.
        var waited = wait.flatMap(duration -> outcomes.await(placed.order().id(), duration));
        var order = waited.orElse(placed.order());
        var decided = waited.isPresent() && order.status() != OrderStatus.PENDING;
        var response = ResponseEntity.status(decided ? HttpStatus.CREATED : HttpStatus.ACCEPTED)
                .location(URI.create("/api/orders/" + order.orderId()));
        if (waited.isPresent()) {
            wait.ifPresent(duration -> response.header(Prefer.APPLIED, Prefer.applied(duration)));
        }
        if (placed.replayed()) {
            response.header(IdempotencyKey.REPLAYED, "true");
        }
        return response.body(order);
    }

    @GetMapping("/{id}")
    @Operation(summary = "An order, with its lines, total and history",
            description = """
                    With `Prefer: wait=N` (RFC 7240) or `?wait=N`, a PENDING order is answered as soon as it is \
                    confirmed, rejected or cancelled, or after N seconds (at most 30 by default) if it is still pending. \
                    When as many requests wait as the service allows, it answers at once, without Preference-Applied.""")
    @ApiResponse(responseCode = "200", description = "The order")
    @ApiResponse(responseCode = "404", description = "No such order",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<OrderDetails> get(
            @Parameter(description = "The orderId returned when the order was placed") @PathVariable UUID id,
            @Parameter(description = "Seconds to wait for the outcome; wins over the Prefer header")
            @RequestParam(name = "wait", required = false) @Min(0) Integer waitSeconds,
            @Parameter(in = ParameterIn.HEADER, description = "`wait=N`: wait up to N seconds for the outcome", example = "wait=5")
            @RequestHeader(name = Prefer.HEADER, required = false) String prefer,
            Caller caller) {
        var orderId = OrderId.of(id);
        // Checked before any wait: waiting on another customer's order would tell its outcome.
        var found = orders.find(orderId, caller);
        var asked = waitSeconds != null ? Optional.of(Duration.ofSeconds(waitSeconds)) : Prefer.waitOf(prefer);
        var wait = asked.map(this::capped);
        var waited = wait.flatMap(duration -> outcomes.await(orderId, duration));
        var order = waited.orElse(found);
        var response = ResponseEntity.ok().header(HttpHeaders.VARY, Prefer.HEADER);
        if (waitSeconds == null && waited.isPresent()) {
            wait.ifPresent(duration -> response.header(Prefer.APPLIED, Prefer.applied(duration)));
        }
        return response.body(order);
    }

    @GetMapping
    @Operation(summary = "Orders, newest first, optionally of one customer or in one status",
            description = "A customer sees only their own orders; staff see everyone's, or one customer's.")
    @ApiResponse(responseCode = "403", description = "A customer named another customer",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemDetail.class)))
    OrderPage list(
            @Parameter(example = "c-42") @RequestParam(required = false) String customerId,
            @RequestParam(required = false) OrderStatus status,
            @Parameter(description = "Page number, from 0") @RequestParam(defaultValue = "0") @Min(0) @Max(1_000_000) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size,
            Caller caller) {
        return orders.search(caller.customerToList(customerId).orElse(null), status, page, size);
    }

    @PostMapping("/{id}/cancel")
    @Operation(summary = "Cancel an order",
            description = "A PENDING or CONFIRMED order becomes CANCELLED, and the inventory releases what it reserved. "
                    + "The body is optional.")
    @ApiResponse(responseCode = "200", description = "Cancelled")
    @ApiResponse(responseCode = "404", description = "No such order",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "409", description = "The order is already REJECTED or CANCELLED",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemDetail.class)))
    OrderDetails cancel(@PathVariable UUID id, @Valid @RequestBody(required = false) CancelOrderRequest request,
                        Caller caller) {
        return orders.cancel(OrderId.of(id), request != null ? request.reason() : CancelOrderRequest.DEFAULT_REASON, caller);
    }

    private Duration capped(Duration wait) {
        return wait.compareTo(maxWait) > 0 ? maxWait : wait;
    }
}
