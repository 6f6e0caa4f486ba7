-- A service's own first migration, as MessagingMigrationsTest needs one: versions 1 and up follow the support's 0.x.
CREATE TABLE dish
(
    sku  TEXT PRIMARY KEY,
    name TEXT NOT NULL
);
