CREATE INDEX idx_orders_placed_at ON orders (placed_at);
CREATE UNIQUE INDEX idx_orders_email ON public.orders (email) WHERE email IS NOT NULL;
CREATE INDEX idx_orders_lower_email ON orders (lower(email));
CREATE INDEX IF NOT EXISTS
    idx_orders_customer_id_placed_at
    ON orders (customer_id, placed_at DESC);
CREATE MATERIALIZED VIEW mv_order_counts AS SELECT customer_id, count(*) AS order_count FROM orders GROUP BY customer_id;
CREATE UNIQUE INDEX idx_mv_order_counts_customer_id ON mv_order_counts (customer_id);
-- Indexes made by constraints take the constraint's name (SC104 checks those).
ALTER TABLE orders ADD CONSTRAINT uq_orders_email UNIQUE (email);
