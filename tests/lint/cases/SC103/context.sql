CREATE TABLE orders (
    id uuid DEFAULT gen_random_uuid(),
    customer_id uuid,
    placed_at timestamptz,
    email text,
    CONSTRAINT pk_orders PRIMARY KEY (id)
);
