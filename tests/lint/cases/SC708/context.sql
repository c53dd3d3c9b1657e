CREATE TABLE customers (id uuid PRIMARY KEY DEFAULT gen_random_uuid());
CREATE TABLE orders (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    customer_id uuid,
    payer_id uuid,
    agent_id uuid,
    quantity integer NOT NULL
);
ALTER TABLE orders ADD CONSTRAINT fk_orders_agent FOREIGN KEY (agent_id) REFERENCES customers (id) NOT VALID;
