-- The dead letters this service replayed (POST /api/dead-letters/.../replay), one row each, so that a
-- parked record is replayed at most once. The row is inserted in the transaction that waits for the broker
-- to take the replayed record: a replay the broker did not take leaves no row, and can be tried again.
-- Rows are few (a person replays records) and are kept: a row outlives its record, which the dead-letter
-- topic drops after its retention, and says the record was replayed for as long as anyone may ask.
-- On a database whose service migrations (1, 2, ...) are applied, this one runs out of order: see
-- MessagingAutoConfiguration.messagingMigrations.
CREATE TABLE dead_letter_replay
(
    dlt_topic     TEXT        NOT NULL,
    dlt_partition INT         NOT NULL,
    dlt_offset    BIGINT      NOT NULL,
    replayed_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (dlt_topic, dlt_partition, dlt_offset)
);
