-- What the service told whom, and how far the telling got. A row is written in the same
-- transaction as the processed_event row of the event that caused it, so an event redelivered by
-- Kafka never makes a second row; delivery then updates the row in transactions of its own.
CREATE TABLE notification
(
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- The ce_id of the event it came from: at most one notification per event, even if the
    -- consumer's memory of processed events has been cleaned up since.
    event_id        UUID        NOT NULL UNIQUE,
    type            TEXT        NOT NULL,
    recipient       TEXT        NOT NULL,
    customer_id     TEXT,
    order_id        UUID,
    subject         TEXT        NOT NULL,
    body            TEXT        NOT NULL,
    occurred_at     TIMESTAMPTZ NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    status          TEXT        NOT NULL CHECK (status IN ('PENDING', 'SENT', 'FAILED')),
    attempts        INTEGER     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    last_error      TEXT,
    -- When the dispatcher should (next) try to deliver it; NULL once it is sent or given up on.
    next_attempt_at TIMESTAMPTZ,
    sent_at         TIMESTAMPTZ
);

-- The dispatcher's only query: notifications due for an attempt. Settled ones leave the index.
CREATE INDEX notification_due ON notification (next_attempt_at) WHERE next_attempt_at IS NOT NULL;

-- Those that ran out of attempts: few, and the ones a person must look at.
CREATE INDEX notification_abandoned ON notification (id) WHERE status = 'FAILED' AND next_attempt_at IS NULL;

-- The API's listings, newest first: one customer's notifications, or all of one type.
CREATE INDEX notification_customer ON notification (customer_id, id DESC) WHERE customer_id IS NOT NULL;
CREATE INDEX notification_type ON notification (type, id DESC);
