-- case-path: sql/0002_add_orders.sql
-- The number, then snake_case, then a lower-case .sql.
CREATE TABLE orders (id uuid PRIMARY KEY DEFAULT gen_random_uuid());
