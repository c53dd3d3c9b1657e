CREATE INDEX CONCURRENTLY idx_orders_placed_at ON orders (placed_at);
CREATE TABLE refunds (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), made_at timestamptz);
CREATE INDEX idx_refunds_made_at ON refunds (made_at);
-- tables this file creates, in every way a table can be created
CREATE TABLE audit.refunds (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), made_at timestamptz);
CREATE INDEX idx_audit_refunds_made_at ON audit.refunds (made_at);
CREATE TABLE order_copies AS SELECT * FROM orders;
CREATE INDEX idx_order_copies_id ON order_copies (id);
SELECT id, placed_at INTO order_snapshots FROM orders;
CREATE INDEX idx_order_snapshots_id ON order_snapshots (id);
CREATE TABLE events (id uuid, at timestamptz NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE INDEX idx_events_2026_at ON events_2026 (at);
CREATE MATERIALIZED VIEW mv_order_totals AS SELECT count(*) AS n FROM orders;
CREATE UNIQUE INDEX idx_mv_order_totals_n ON mv_order_totals (n);
