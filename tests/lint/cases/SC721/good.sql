-- schemactl: no-transaction drop-invalid-indexes
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_orders_number ON orders (number);
DROP INDEX CONCURRENTLY IF EXISTS idx_orders_placed_at;
CREATE TABLE IF NOT EXISTS refunds (id uuid NOT NULL);
ALTER TABLE orders ADD COLUMN IF NOT EXISTS note text;
CREATE OR REPLACE VIEW v_orders AS SELECT id FROM orders;
CREATE SCHEMA IF NOT EXISTS audit;
ALTER TABLE orders DROP CONSTRAINT IF EXISTS ck_orders_status;
UPDATE orders SET status = 'paid' WHERE status IS NULL;
