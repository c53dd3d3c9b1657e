CREATE TABLE invoices (
    id uuid DEFAULT gen_random_uuid(),
    price_cents bigint,
    unit_price integer,
    revenue_cents integer NOT NULL DEFAULT 0,
    total bigint,
    fee_cents numeric(12, 0),
    allocation_ratio numeric(6, 5) NOT NULL,
    exchange_rate double precision,
    total_count float8,
    discount_percent real,
    cost_center text,
    amount_currency text,
    CONSTRAINT pk_invoices PRIMARY KEY (id)
);
ALTER TABLE invoices ADD COLUMN shipping_cost bigint;
ALTER TABLE invoices ALTER COLUMN total TYPE bigint;
