-- The relay deletes each row in the transaction that publishes it: the outbox holds only what waits
-- to be published, and needs neither published_at nor the indexes over it. Rows an older relay
-- marked published go first; left in place, they would be published again.
-- On a database whose service migrations (1, 2, ...) are applied, this one runs out of order: see
-- MessagingAutoConfiguration.messagingMigrations.
DELETE FROM outbox WHERE published_at IS NOT NULL;
DROP INDEX outbox_unpublished;
DROP INDEX outbox_published_at;
ALTER TABLE outbox DROP COLUMN published_at;
