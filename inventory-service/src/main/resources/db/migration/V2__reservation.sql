-- The inventory's answer to each order it has heard of, one row per order id. The row is what
-- makes a replayed OrderPlaced harmless (it finds the answer already given) and what remembers a
-- cancellation that arrived before its order (status CANCELLED, nothing ever reserved).
CREATE TABLE reservation
(
    order_id   UUID PRIMARY KEY,
    status     TEXT        NOT NULL CHECK (status IN ('RESERVED', 'RELEASED', 'REFUSED', 'CANCELLED')),
    -- Why a REFUSED order was refused, as told in its StockReservationFailed.
    reason     TEXT CHECK (reason IN ('OUT_OF_STOCK', 'UNKNOWN_ITEM')),
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    version    INTEGER     NOT NULL DEFAULT 0,
    CONSTRAINT reservation_refused_has_reason CHECK ((status = 'REFUSED') = (reason IS NOT NULL))
);

-- What was taken from stock for a reservation, one row per sku. While the reservation is RESERVED,
-- stock.reserved of a sku equals the sum of these quantities over RESERVED reservations.
CREATE TABLE reservation_line
(
    order_id UUID    NOT NULL REFERENCES reservation ON DELETE CASCADE,
    sku      TEXT    NOT NULL REFERENCES stock,
    quantity INTEGER NOT NULL CHECK (quantity > 0),
    PRIMARY KEY (order_id, sku)
);

CREATE INDEX reservation_line_sku ON reservation_line (sku);
