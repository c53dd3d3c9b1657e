-- schemactl: lock_timeout=0
-- New tables, and locks that let reads and writes go on, need no timeout.
CREATE TABLE notes (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), body text);
ALTER TABLE notes ADD COLUMN author text;
CREATE INDEX idx_notes_body ON notes (body);
ALTER TABLE orders VALIDATE CONSTRAINT fk_orders_customer;
COMMENT ON TABLE orders IS 'Orders.';
LOCK TABLE orders IN ACCESS SHARE MODE;
-- A timeout set in the file before the first lock.
SELECT set_config('lock_timeout', '3s', true);
ALTER TABLE orders ADD COLUMN note text;
CREATE TABLE order_notes (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), order_id uuid REFERENCES orders (id));
SET LOCAL lock_timeout = 1500;
DROP TABLE customers CASCADE;
