CREATE TABLE invoices (id uuid PRIMARY KEY DEFAULT gen_random_uuid()); -- expect: SC501

-- a comment on a column is not a comment on the table
CREATE TABLE payments ( -- expect: SC501
    id uuid PRIMARY KEY DEFAULT gen_random_uuid()
);
COMMENT ON COLUMN payments.id IS 'Primary key.';

-- commented, then the comment removed
CREATE TABLE refunds (id uuid PRIMARY KEY DEFAULT gen_random_uuid()); -- expect: SC501
COMMENT ON TABLE refunds IS 'Refunds.';
COMMENT ON TABLE refunds IS NULL;

-- a comment on a view of the table is not a comment on the table
CREATE TABLE notes (id uuid PRIMARY KEY DEFAULT gen_random_uuid()); -- expect: SC501
CREATE VIEW v_notes AS SELECT id FROM notes;
COMMENT ON VIEW v_notes IS 'Notes.';
