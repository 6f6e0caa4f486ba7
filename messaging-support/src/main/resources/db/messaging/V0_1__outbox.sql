-- The transactional outbox: a service writes its events here in the same transaction as its own
-- state, and the relay publishes them to Kafka in id order. One row is one CloudEvent.
-- Versions 0.x belong to messaging-support; each service's own migrations start at 1.
CREATE TABLE outbox
(
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id     UUID        NOT NULL UNIQUE,
    topic        TEXT        NOT NULL,
    message_key  TEXT        NOT NULL,
    event_type   TEXT        NOT NULL,
    source       TEXT        NOT NULL,
    subject      TEXT,
    occurred_at  TIMESTAMPTZ NOT NULL,
    payload      TEXT        NOT NULL,
    traceparent  TEXT,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    published_at TIMESTAMPTZ
);

-- The relay's only query: the oldest unpublished rows. Published rows leave this index at once.
CREATE INDEX outbox_unpublished ON outbox (id) WHERE published_at IS NULL;

-- The cleaner's query: published rows past their retention.
CREATE INDEX outbox_published_at ON outbox (published_at) WHERE published_at IS NOT NULL;
