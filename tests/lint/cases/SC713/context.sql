CREATE TABLE orders (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    number integer,
    placed_at timestamptz NOT NULL,
    status text
);
CREATE INDEX idx_orders_placed_at ON orders (placed_at);
