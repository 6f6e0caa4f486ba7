-- The people who sign in: a customer, who orders as one customer id of the other services, or a
-- member of staff. A table of our own rather than Spring Security's users/authorities pair, because
-- a token needs more than a name and authorities: the customer id and the email it carries.
CREATE TABLE account
(
    username      TEXT        PRIMARY KEY,
    -- With its {id} prefix ({bcrypt}...), as Spring Security's DelegatingPasswordEncoder writes and
    -- reads it, so that a stronger encoding can come later without a migration.
    password_hash TEXT        NOT NULL,
    role          TEXT        NOT NULL CHECK (role IN ('customer', 'staff')),
    -- The id the order, notification and analytics services know the customer by (c-42).
    customer_id   TEXT        UNIQUE CHECK (length(customer_id) <= 64),
    email         TEXT,
    enabled       BOOLEAN     NOT NULL DEFAULT TRUE,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- A customer has both, so every customer's token carries them; staff act for no customer.
    CONSTRAINT account_customer_fields CHECK (
        (role = 'customer' AND customer_id IS NOT NULL AND email IS NOT NULL)
            OR (role = 'staff' AND customer_id IS NULL))
);
