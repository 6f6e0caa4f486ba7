package dev.foodorder.order.ordering;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** The optional body of {@code POST /api/orders/{id}/cancel}. */
record CancelOrderRequest(@Schema(example = "changed my mind") @NotBlank @Size(max = 500) String reason) {

    static final String DEFAULT_REASON = "Cancelled by the customer";
}
