CREATE TABLE orders (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), placed_at timestamptz, status text);
CREATE INDEX idx_orders_status ON orders (status);
CREATE MATERIALIZED VIEW mv_order_counts AS SELECT status, count(*) AS orders FROM orders GROUP BY status;
CREATE UNIQUE INDEX idx_mv_order_counts_status ON mv_order_counts (status);
