CREATE TABLE invoices (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), total_cents integer NOT NULL);
COMMENT ON TABLE invoices IS 'Invoices.';
