-- case-path: sql/0002_add_orders.sql
-- The next free number.
CREATE TABLE orders (id uuid PRIMARY KEY DEFAULT gen_random_uuid());
