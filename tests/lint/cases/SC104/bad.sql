CREATE TABLE invoices (
    id uuid CONSTRAINT invoices_pkey PRIMARY KEY DEFAULT gen_random_uuid(), -- expect: SC104
    customer_id uuid CONSTRAINT invoices_customer_id_fkey REFERENCES customers (id), -- expect: SC104
    number text CONSTRAINT uq_number UNIQUE, -- expect: SC104
    total_cents bigint,
    during tstzrange,
    CONSTRAINT ck_invoices CHECK (total_cents >= 0), -- expect: SC104
    CONSTRAINT uq_invoices_total_positive CHECK (total_cents > 0), -- expect: SC104
    CONSTRAINT fk_orders_customer_id FOREIGN KEY (customer_id) REFERENCES customers (id), -- expect: SC104
    CONSTRAINT no_overlap EXCLUDE USING gist (during WITH &&) -- expect: SC104
);
CREATE TABLE refunds (
    id uuid DEFAULT gen_random_uuid(),
    CONSTRAINT pk_refunds_id PRIMARY KEY (id) -- expect: SC104
);
ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total_cents >= 0); -- expect: SC104
ALTER TABLE public.orders ADD COLUMN invoice_id uuid CONSTRAINT fk_invoice REFERENCES invoices (id); -- expect: SC104
ALTER TABLE orders ADD CONSTRAINT fk_orders FOREIGN KEY (customer_id) REFERENCES customers (id); -- expect: SC104
ALTER TABLE orders RENAME CONSTRAINT pk_orders TO orders_pkey; -- expect: SC104
