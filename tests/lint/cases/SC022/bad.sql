-- case-path: sql/001_add_orders.sql -- expect: SC022
-- Version 1 is taken by sql/0001_context.sql (leading zeros do not count).
CREATE TABLE orders (id uuid PRIMARY KEY DEFAULT gen_random_uuid());
