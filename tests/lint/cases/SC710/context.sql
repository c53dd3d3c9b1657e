CREATE TABLE orders (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), amount integer, note text);
CREATE TABLE customers (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), name text, email text);
CREATE INDEX idx_orders_note ON orders (note);
CREATE VIEW v_orders AS SELECT id, amount FROM orders;
ALTER TABLE orders ADD CONSTRAINT ck_orders_amount CHECK (amount > 0) NOT VALID;
