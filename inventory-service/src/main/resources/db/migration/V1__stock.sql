-- One row per sku: what is on the shelf and how much of it is promised to orders.
-- available = on_hand - reserved. Every writer locks the row first (SELECT ... FOR UPDATE in sku
-- order); see docs/adr/0004-no-oversell-row-locks.md.
CREATE TABLE stock
(
    sku        TEXT PRIMARY KEY,
    name       TEXT        NOT NULL,
    on_hand    INTEGER     NOT NULL CHECK (on_hand >= 0),
    reserved   INTEGER     NOT NULL DEFAULT 0 CHECK (reserved >= 0),
    threshold  INTEGER     NOT NULL CHECK (threshold >= 0),
    version    INTEGER     NOT NULL DEFAULT 0,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- The last line of defence: whatever the code does, no transaction can commit an oversold sku.
    CONSTRAINT stock_not_oversold CHECK (reserved <= on_hand)
);
