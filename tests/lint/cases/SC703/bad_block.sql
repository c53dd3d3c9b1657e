-- schemactl: no-transaction
-- a BEGIN ... COMMIT block puts the concurrent build back in a transaction
BEGIN;
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_orders_placed_at ON orders (placed_at); -- expect: SC703
COMMIT;
START TRANSACTION;
DROP INDEX CONCURRENTLY IF EXISTS idx_orders_status; -- expect: SC703
ROLLBACK;
