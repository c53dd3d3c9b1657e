CREATE INDEX idx_orders_placed_at ON orders (placed_at); -- expect: SC701
CREATE UNIQUE INDEX idx_orders_id_placed_at ON public.orders (id, placed_at); -- expect: SC701
-- audit.refunds is not the refunds this file creates
CREATE TABLE refunds (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), made_at timestamptz);
CREATE INDEX idx_refunds_made_at ON audit.refunds (made_at); -- expect: SC701
-- a materialized view of an earlier migration is in use
CREATE INDEX idx_mv_orders_placed_at ON mv_orders (placed_at); -- expect: SC701
