package dev.foodorder.inventory.reservation;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.foodorder.events.inventory.ReservedItem;
import dev.foodorder.events.inventory.StockReservationFailed;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The inventory's answer to one order. */
record ReservationView(
        UUID orderId,
        @Schema(description = "RESERVED: held for the order; RELEASED: given back after a cancellation; "
                + "REFUSED: nothing taken, see reason; CANCELLED: the cancellation came first, nothing taken")
        Reservation.Status status,
        @Schema(description = "Why the order was refused; only for REFUSED")
        @JsonInclude(JsonInclude.Include.NON_NULL)
        StockReservationFailed.Reason reason,
        @Schema(description = "What was taken from stock for the order, in sku order")
        List<ReservedItem> items,
        Instant createdAt,
        Instant updatedAt) {

    static ReservationView of(Reservation reservation) {
        return new ReservationView(reservation.orderId().value(), reservation.status(), reservation.reason(),
                reservation.items(), reservation.createdAt(), reservation.updatedAt());
    }
}
