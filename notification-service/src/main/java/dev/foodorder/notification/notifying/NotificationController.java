package dev.foodorder.notification.notifying;

import dev.foodorder.service.api.NotFoundException;
import dev.foodorder.service.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

@RestController
@RequestMapping("/api/notifications")
@Tag(name = "Notifications", description = "What customers and operators were told, and whether it reached them")
class NotificationController {

    private final Notifications notifications;
    private final NotificationStream stream;

    NotificationController(Notifications notifications, NotificationStream stream) {
        this.notifications = notifications;
        this.stream = stream;
    }

    @GetMapping
    @Operation(summary = "List notifications, newest first",
            description = "A customer sees only their own; staff see everyone's (operators' too), or one customer's.")
    NotificationPage list(
            @Parameter(description = "Only this customer's notifications", example = "c-42")
            @RequestParam(required = false) String customerId,
            @Parameter(description = "Only notifications of this type", example = "ORDER_CONFIRMED")
            @RequestParam(required = false) NotificationType type,
            @Parameter(description = "Page number, from 0")
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @Parameter(description = "Notifications per page")
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size,
            Caller caller) {
        Specification<Notification> filter = Specification.unrestricted();
        var customer = caller.customerToList(customerId);
        if (customer.isPresent()) {
            filter = filter.and((root, query, criteria) -> criteria.equal(root.get("customerId"), customer.get()));
        }
        if (type != null) {
            filter = filter.and((root, query, criteria) -> criteria.equal(root.get("type"), type));
        }
        var found = notifications.findAll(filter, PageRequest.of(page, size, Sort.by(Sort.Direction.DESC, "id")));
        return NotificationPage.of(found.map(NotificationView::of));
    }

    @GetMapping("/{id}")
    @Operation(summary = "Get one notification with its delivery status")
    NotificationView get(@PathVariable long id, Caller caller) {
        // Another customer's is not found, as a missing one: ids tell nothing.
        return notifications.findById(id)
                .filter(notification -> caller.mayRead(notification.customerId()))
                .map(NotificationView::of)
                .orElseThrow(() -> new NotFoundException("There is no notification " + id + "."));
    }

    @GetMapping(path = "/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "Watch new notifications live (Server-Sent Events)",
            description = "One `notification` event per notification created while connected, and a "
                    + "comment line as a heartbeat. A customer streams their own; staff everyone's, or one customer's. "
                    + "Try `curl -N -H \"Authorization: Bearer $TOKEN\" localhost:8083/api/notifications/stream`.")
    @ApiResponse(responseCode = "200", description = "The stream; it does not end by itself",
            content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE))
    @ApiResponse(responseCode = "503", description = "As many clients stream as this service serves: retry after the seconds in Retry-After",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemDetail.class)))
    SseEmitter stream(
            @Parameter(description = "Only this customer's notifications", example = "c-42")
            @RequestParam(required = false) String customerId,
            Caller caller) {
        return stream.subscribe(caller.customerToList(customerId).orElse(null));
    }
}
