package dev.foodorder.order.ordering;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.List;

/** The body of {@code POST /api/orders}. Unknown properties are refused, so a misspelt field is not silently lost. */
record PlaceOrderRequest(
        @Schema(example = "c-42") @NotBlank @Size(max = 64) String customerId,
        @Schema(example = "ada@example.org") @NotBlank @Email @Size(max = 254) String customerEmail,
        @NotNull @Size(min = 1, max = 50) @DistinctSkus @OnTheMenu List<@NotNull @Valid Item> items,
        @Schema(example = "no onions") @Size(max = 500) String note) {

    @Schema(name = "OrderItem")
    record Item(
            @Schema(example = "margherita") @NotBlank @Size(max = 64) String sku,
            @Schema(example = "2") @NotNull @Min(1) @Max(100) Integer quantity) {
    }
}
