-- schemactl: no-transaction
BEGIN;
SELECT 1;
COMMIT;
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_orders_placed_at ON orders (placed_at);
