CREATE TABLE invoices (id uuid PRIMARY KEY DEFAULT gen_random_uuid());
COMMENT ON TABLE invoices IS 'One invoice issued to a customer of the tenant. Non-PII.';

-- schema-qualified, commented later in the file
CREATE TABLE public.payments (id uuid PRIMARY KEY DEFAULT gen_random_uuid());
CREATE INDEX idx_payments_id ON payments (id);
COMMENT ON TABLE public.payments IS 'Payments received.';

-- renamed, then commented under the new name
CREATE TABLE note (id uuid PRIMARY KEY DEFAULT gen_random_uuid());
ALTER TABLE note RENAME TO notes;
COMMENT ON TABLE notes IS 'Free-text notes.';

-- created and dropped
CREATE TABLE scratch (line text);
DROP TABLE scratch;

-- views are not tables
CREATE VIEW v_invoices AS SELECT id FROM invoices;
CREATE MATERIALIZED VIEW mv_invoices AS SELECT id FROM invoices;

-- an existing table from an earlier file, commented here
COMMENT ON TABLE legacy_imports IS 'Imports of the legacy system.';
