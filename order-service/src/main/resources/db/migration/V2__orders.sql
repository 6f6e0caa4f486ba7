-- The Order aggregate: the order row, its lines, the events it sent and received, and why it was
-- rejected. Lines and history are written with the order in one transaction, and never updated.
CREATE TABLE orders
(
    id                  UUID PRIMARY KEY,
    customer_id         TEXT           NOT NULL,
    customer_email      TEXT           NOT NULL,
    note                TEXT,
    status              TEXT           NOT NULL CHECK (status IN ('PENDING', 'CONFIRMED', 'REJECTED', 'CANCELLED')),
    total               NUMERIC(12, 2) NOT NULL CHECK (total >= 0),
    currency            TEXT           NOT NULL,
    placed_at           TIMESTAMPTZ    NOT NULL,
    updated_at          TIMESTAMPTZ    NOT NULL,
    rejection_reason    TEXT,
    cancellation_reason TEXT,
    version             BIGINT         NOT NULL
);

-- The paged list: newest first, optionally for one customer or in one status.
CREATE INDEX orders_placed_at ON orders (placed_at DESC, id DESC);
CREATE INDEX orders_customer ON orders (customer_id, placed_at DESC, id DESC);
CREATE INDEX orders_status ON orders (status, placed_at DESC, id DESC);

CREATE TABLE order_line
(
    order_id   UUID           NOT NULL REFERENCES orders ON DELETE CASCADE,
    line_no    INTEGER        NOT NULL,
    sku        TEXT           NOT NULL,
    name       TEXT           NOT NULL,
    quantity   INTEGER        NOT NULL CHECK (quantity > 0),
    unit_price NUMERIC(10, 2) NOT NULL CHECK (unit_price >= 0),
    PRIMARY KEY (order_id, line_no)
);

-- What the inventory could not serve, when it rejected the order.
CREATE TABLE order_unavailable_item
(
    order_id  UUID    NOT NULL REFERENCES orders ON DELETE CASCADE,
    line_no   INTEGER NOT NULL,
    sku       TEXT    NOT NULL,
    requested INTEGER NOT NULL,
    available INTEGER NOT NULL,
    PRIMARY KEY (order_id, line_no)
);

-- Every event the order sent (through the outbox) or received, in the order it happened.
CREATE TABLE order_history
(
    order_id    UUID        NOT NULL REFERENCES orders ON DELETE CASCADE,
    seq         INTEGER     NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL,
    direction   TEXT        NOT NULL CHECK (direction IN ('SENT', 'RECEIVED')),
    event_type  TEXT        NOT NULL,
    event_id    UUID        NOT NULL,
    PRIMARY KEY (order_id, seq)
);

-- Idempotency-Key of POST /api/orders: a retried request finds the order its first attempt
-- created. The key is claimed before the order row is written, so the reference is checked at commit.
CREATE TABLE idempotency_key
(
    key          TEXT PRIMARY KEY,
    request_hash TEXT        NOT NULL,
    order_id     UUID        NOT NULL REFERENCES orders ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
