CREATE TABLE orders (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), placed_at timestamptz);
CREATE MATERIALIZED VIEW mv_orders AS SELECT * FROM orders;
