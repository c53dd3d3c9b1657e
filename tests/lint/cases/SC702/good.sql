DROP INDEX CONCURRENTLY idx_orders_placed_at;
DROP INDEX CONCURRENTLY IF EXISTS idx_orders_status, idx_orders_legacy_lookup;
-- Tables, views and indexes created in this same file are not in use yet.
CREATE TABLE refunds (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), made_at timestamptz, reason text);
CREATE INDEX idx_refunds_made_at ON refunds (made_at);
DROP INDEX idx_refunds_made_at;
CREATE INDEX idx_refunds_reason ON refunds (reason);
ALTER INDEX idx_refunds_reason RENAME TO idx_refunds_why;
DROP INDEX IF EXISTS idx_refunds_why;
CREATE INDEX idx_refunds_id_made_at ON refunds (id, made_at);
ALTER TABLE refunds RENAME TO order_refunds;
DROP INDEX idx_refunds_id_made_at;
CREATE MATERIALIZED VIEW mv_refund_reasons AS SELECT reason, count(*) AS refunds FROM order_refunds GROUP BY reason;
CREATE UNIQUE INDEX idx_mv_refund_reasons_reason ON mv_refund_reasons (reason);
DROP INDEX idx_mv_refund_reasons_reason;
