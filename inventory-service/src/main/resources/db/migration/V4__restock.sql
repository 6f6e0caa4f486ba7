-- The restocks sent with an Idempotency-Key, one row each, written in the transaction that adds the
-- units: a retried restock finds its key and adds nothing more, and a key reused for another restock
-- is refused. Restocks are few (a person or a delivery system sends them) and the rows are kept.
CREATE TABLE restock
(
    idempotency_key TEXT PRIMARY KEY,
    sku             TEXT        NOT NULL REFERENCES stock (sku),
    quantity        INTEGER     NOT NULL,
    restocked_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
