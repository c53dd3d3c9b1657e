CREATE TABLE invoices (
    id uuid CONSTRAINT pk_invoices PRIMARY KEY DEFAULT gen_random_uuid(),
    customer_id uuid CONSTRAINT fk_invoices_customer_id REFERENCES customers (id),
    number text CONSTRAINT uq_invoices_number UNIQUE,
    total_cents bigint CONSTRAINT invoices_total_cents_not_null NOT NULL,
    during tstzrange,
    CONSTRAINT ck_invoices_total_cents CHECK (total_cents >= 0),
    CONSTRAINT ex_invoices_during EXCLUDE USING gist (during WITH &&)
);
CREATE TABLE public.refunds (
    id uuid DEFAULT gen_random_uuid(),
    CONSTRAINT pk_refunds PRIMARY KEY (id)
);
ALTER TABLE orders ADD CONSTRAINT ck_orders_total_cents CHECK (total_cents >= 0) NOT VALID;
ALTER TABLE public.orders ADD COLUMN invoice_id uuid CONSTRAINT fk_orders_invoice_id REFERENCES invoices (id);
ALTER TABLE orders ADD CONSTRAINT uq_orders_customer_id_invoice_id UNIQUE (customer_id, invoice_id);
ALTER TABLE orders RENAME CONSTRAINT ck_orders_total_cents TO ck_orders_total_cents_positive;
-- Unnamed constraints are SC105's business; domain constraints belong to no table.
ALTER TABLE orders ADD UNIQUE (invoice_id);
CREATE DOMAIN positive_cents AS bigint CONSTRAINT positive CHECK (VALUE > 0);
