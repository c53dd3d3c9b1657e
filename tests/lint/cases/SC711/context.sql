CREATE TABLE customers (id uuid PRIMARY KEY DEFAULT gen_random_uuid());
CREATE TABLE orders (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), customer_id uuid, placed_at timestamptz);
ALTER TABLE orders ADD CONSTRAINT fk_orders_customer FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;
