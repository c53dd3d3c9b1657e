CREATE TABLE payments (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    amount_cents integer NOT NULL
);
COMMENT ON COLUMN payments.id IS 'Primary key UUID.';
COMMENT ON COLUMN public.payments.amount_cents IS 'Amount received, in cents (integer).';

-- an added column, commented
ALTER TABLE invoices ADD COLUMN due_on date;
COMMENT ON COLUMN invoices.due_on IS 'Date the invoice is due.';

-- a column renamed after its comment keeps it
CREATE TABLE refunds (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), amount integer NOT NULL);
COMMENT ON COLUMN refunds.id IS 'Primary key UUID.';
COMMENT ON COLUMN refunds.amount IS 'Refunded amount, in cents.';
ALTER TABLE refunds RENAME COLUMN amount TO amount_cents;

-- a dropped column needs nothing
CREATE TABLE notes (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), body text);
COMMENT ON COLUMN notes.id IS 'Primary key UUID.';
ALTER TABLE notes DROP COLUMN body;

-- columns of views are out of scope
CREATE VIEW v_payments AS SELECT id, amount_cents FROM payments;

-- existing columns from an earlier file are reported there, not here
COMMENT ON COLUMN invoices.id IS 'Primary key UUID.';
