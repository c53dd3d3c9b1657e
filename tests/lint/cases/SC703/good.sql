-- schemactl: no-transaction drop-invalid-indexes
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_orders_placed_at ON orders (placed_at);
DROP INDEX CONCURRENTLY IF EXISTS idx_orders_status;
REINDEX INDEX CONCURRENTLY idx_orders_placed_at;
REINDEX (CONCURRENTLY) TABLE orders;
REFRESH MATERIALIZED VIEW CONCURRENTLY mv_order_counts;
