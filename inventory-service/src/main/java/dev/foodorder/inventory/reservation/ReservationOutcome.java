package dev.foodorder.inventory.reservation;

import java.util.Locale;

/** What handling one order event did; the {@code outcome} tag of the {@code inventory.reservations} counter. */
enum ReservationOutcome {

    /** Every line was reserved: StockReserved. */
    RESERVED,
    /** A line was short: StockReservationFailed, nothing taken. */
    OUT_OF_STOCK,
    /** A line named a sku the inventory does not keep: StockReservationFailed, nothing taken. */
    UNKNOWN_ITEM,
    /** A cancelled order's stock went back: StockReleased. */
    RELEASED,
    /** A cancelled order held nothing (it was refused, or released before): no event. */
    NOTHING_TO_RELEASE,
    /** A cancellation came before its order and was remembered: no event. */
    CANCELLED_BEFORE_PLACED,
    /** An order came after its cancellation: nothing taken, no event. */
    ORDER_ALREADY_CANCELLED,
    /** An order that was answered before came again under a new event id: no event. */
    ALREADY_ANSWERED;

    String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
