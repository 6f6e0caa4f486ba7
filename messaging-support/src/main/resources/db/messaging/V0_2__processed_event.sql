-- The idempotent consumer's memory: which events (by CloudEvents id) each consumer has handled.
-- A row is written in the same transaction as the state change the event caused, so a redelivered
-- event finds its row and changes nothing.
CREATE TABLE processed_event
(
    consumer     TEXT        NOT NULL,
    event_id     UUID        NOT NULL,
    processed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);

CREATE INDEX processed_event_processed_at ON processed_event (processed_at);
