-- schemactl: no-transaction
REINDEX INDEX CONCURRENTLY idx_orders_placed_at;
REINDEX (CONCURRENTLY, VERBOSE) TABLE orders;
REINDEX (CONCURRENTLY true) TABLE orders;
CREATE TABLE IF NOT EXISTS refunds (id uuid NOT NULL);
REINDEX TABLE refunds;
