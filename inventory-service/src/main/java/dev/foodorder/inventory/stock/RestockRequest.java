package dev.foodorder.inventory.stock;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** Units delivered to the kitchen. */
record RestockRequest(
        @Schema(description = "Units to add", example = "20", minimum = "1", maximum = "10000")
        @NotNull @Min(1) @Max(10_000) Integer quantity) {
}
