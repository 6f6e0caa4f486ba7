package dev.foodorder.order.ordering;

import dev.foodorder.service.api.ForbiddenException;
import dev.foodorder.service.api.FieldError;
import dev.foodorder.service.api.InvalidRequestException;
import dev.foodorder.service.security.Caller;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.ArrayList;
import java.util.List;

/**
 * The body of {@code POST /api/orders}. Unknown properties are refused, so a misspelt field is not silently lost.
 *
 * <p>Whom the order is for comes from the access token: a customer orders for themselves, and may leave
 * {@code customerId} and {@code customerEmail} out (or give their own: anything else is refused, so the
 * system cannot be made to mail a stranger). Staff order for a customer they name, as a phone order would.
 */
record PlaceOrderRequest(
        @Schema(example = "c-42", description = "Only staff need it: a customer's own comes from the token")
        @Size(min = 1, max = 64) String customerId,
        @Schema(example = "ada@example.org", description = "Only staff need it: a customer's own comes from the token")
        @Email @Size(min = 3, max = 254) String customerEmail,
        @NotNull @Size(min = 1, max = 50) @DistinctSkus @OnTheMenu List<@NotNull @Valid Item> items,
        @Schema(example = "no onions") @Size(max = 500) String note) {

    /**
     * This request with its customer settled by who places it.
     *
     * @throws ForbiddenException if a customer names someone else, or the caller is neither customer nor staff
     * @throws InvalidRequestException if staff do not name the customer
     */
    PlaceOrderRequest placedBy(Caller caller) {
        if (caller.isStaff()) {
            var missing = new ArrayList<FieldError>();
            if (customerId == null || customerId.isBlank()) {
                missing.add(new FieldError("customerId", "must name the customer when staff place the order"));
            }
            if (customerEmail == null || customerEmail.isBlank()) {
                missing.add(new FieldError("customerEmail", "must name the customer when staff place the order"));
            }
            if (!missing.isEmpty()) {
                throw new InvalidRequestException(missing);
            }
            return this;
        }
        var own = caller.customerId().orElseThrow(() -> new ForbiddenException("Only customers and staff place orders."));
        var email = caller.email().orElseThrow(() -> new ForbiddenException("The access token has no email for this customer."));
        if ((customerId != null && !customerId.equals(own)) || (customerEmail != null && !customerEmail.equalsIgnoreCase(email))) {
            throw new ForbiddenException("A customer orders for themselves: leave customerId and customerEmail out, or give your own.");
        }
        return new PlaceOrderRequest(own, email, items, note);
    }

    @Schema(name = "OrderItem")
    record Item(
            @Schema(example = "margherita") @NotBlank @Size(max = 64) String sku,
            @Schema(example = "2") @NotNull @Min(1) @Max(100) Integer quantity) {
    }
}
