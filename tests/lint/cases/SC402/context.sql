CREATE TABLE tenants (id uuid PRIMARY KEY DEFAULT gen_random_uuid());
-- (a marker on a file's first statement would be read as a header directive)
-- schemactl: append-only
CREATE TABLE ledger_events (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), amount_cents integer NOT NULL);
