-- No `no-transaction` header: the file runs in one transaction.
CREATE INDEX CONCURRENTLY idx_orders_placed_at ON orders (placed_at); -- expect: SC703
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS idx_orders_id_placed_at -- expect: SC703
    ON orders (id, placed_at);
DROP INDEX CONCURRENTLY IF EXISTS idx_orders_status; -- expect: SC703
REINDEX INDEX CONCURRENTLY idx_orders_placed_at; -- expect: SC703
REINDEX (VERBOSE, CONCURRENTLY) TABLE orders; -- expect: SC703
-- Near misses in the same transaction: these run inside a transaction block.
REFRESH MATERIALIZED VIEW CONCURRENTLY mv_order_counts;
REINDEX (CONCURRENTLY false) INDEX idx_orders_placed_at;
CREATE INDEX idx_orders_placed_at_status ON orders (placed_at, status);
DROP INDEX idx_orders_placed_at_status;
