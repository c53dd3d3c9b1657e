CREATE TABLE customers (id uuid DEFAULT gen_random_uuid(), CONSTRAINT pk_customers PRIMARY KEY (id));
CREATE TABLE orders (
    id uuid DEFAULT gen_random_uuid(),
    customer_id uuid,
    total_cents bigint,
    CONSTRAINT pk_orders PRIMARY KEY (id)
);
