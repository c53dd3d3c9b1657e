ALTER TABLE orders ADD CONSTRAINT fk_orders_customer FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;
ALTER TABLE orders ADD CONSTRAINT ck_orders_quantity_positive CHECK (quantity > 0) NOT VALID;
-- Added NOT VALID by an earlier migration: validating it here lets reads and writes go on.
ALTER TABLE orders VALIDATE CONSTRAINT fk_orders_agent;
-- Not a FOREIGN KEY or CHECK.
ALTER TABLE orders ADD COLUMN note text NOT NULL DEFAULT '';
ALTER TABLE orders ADD CONSTRAINT uq_orders_id_customer UNIQUE (id, customer_id);
-- A table created in this file is empty.
CREATE TABLE refunds (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), order_id uuid, amount integer);
ALTER TABLE refunds ADD CONSTRAINT fk_refunds_order FOREIGN KEY (order_id) REFERENCES orders (id);
ALTER TABLE refunds ADD CHECK (amount > 0);
ALTER TABLE refunds ADD COLUMN reason_id uuid REFERENCES customers (id);
