CREATE TABLE invoices (
    id uuid DEFAULT gen_random_uuid(),
    customer_id uuid NOT NULL CONSTRAINT fk_invoices_customer_id REFERENCES customers (id),
    number text CONSTRAINT uq_invoices_number UNIQUE,
    total_cents bigint NOT NULL DEFAULT 0,
    line_count integer GENERATED ALWAYS AS IDENTITY,
    total_with_tax_cents bigint GENERATED ALWAYS AS (total_cents * 2) STORED,
    during tstzrange,
    CONSTRAINT pk_invoices PRIMARY KEY (id),
    CONSTRAINT ck_invoices_total_cents CHECK (total_cents >= 0),
    CONSTRAINT ex_invoices_during EXCLUDE USING gist (during WITH &&)
);
ALTER TABLE orders ADD CONSTRAINT ck_orders_total_cents CHECK (total_cents >= 0);
ALTER TABLE orders ADD COLUMN invoice_id uuid CONSTRAINT fk_orders_invoice_id REFERENCES invoices (id);
ALTER TABLE orders ALTER COLUMN total_cents SET NOT NULL, ALTER COLUMN total_cents SET DEFAULT 0;
-- The constraint takes the index's name.
CREATE UNIQUE INDEX idx_customers_id ON customers (id);
ALTER TABLE customers DROP CONSTRAINT pk_customers, ADD PRIMARY KEY USING INDEX idx_customers_id;
