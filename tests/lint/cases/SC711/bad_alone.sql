-- linted on its own: orders was created outside these migrations (a baseline dump, an extension)
-- schemactl: no-transaction lock_timeout=0
-- Nothing here blocks reads or writes of an existing table yet.
CREATE TABLE notes (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), body text);
CREATE INDEX idx_notes_body ON notes (body);
CREATE INDEX CONCURRENTLY idx_orders_placed_at ON orders (placed_at);
ALTER TABLE orders VALIDATE CONSTRAINT fk_orders_customer;
SET lock_timeout = '2s';
ALTER TABLE orders ADD COLUMN note text;
RESET lock_timeout;
-- SET LOCAL has no effect outside a transaction block.
SET LOCAL lock_timeout = '2s';
ALTER TABLE orders ALTER COLUMN note SET DEFAULT ''; -- expect: SC711
-- Reported once per file.
DROP INDEX idx_orders_placed_at;
