CREATE TABLE payments (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    amount_cents integer NOT NULL, -- expect: SC502
    received_at timestamptz NOT NULL -- expect: SC502
);
COMMENT ON COLUMN payments.id IS 'Primary key UUID.';
COMMENT ON TABLE payments IS 'Payments received.';

-- a column added to an existing table: reported at the ADD COLUMN
ALTER TABLE invoices ADD COLUMN due_on date; -- expect: SC502

-- commented, then the comment removed
CREATE TABLE refunds (id uuid PRIMARY KEY DEFAULT gen_random_uuid()); -- expect: SC502
COMMENT ON COLUMN refunds.id IS 'Primary key UUID.';
COMMENT ON COLUMN refunds.id IS NULL;
