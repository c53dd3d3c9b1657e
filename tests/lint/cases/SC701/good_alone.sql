CREATE TABLE refunds (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), made_at timestamptz);
CREATE INDEX idx_refunds_made_at ON refunds (made_at);
CREATE INDEX CONCURRENTLY idx_orders_placed_at ON orders (placed_at);
