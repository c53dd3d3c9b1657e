-- Stable defaults are evaluated once: no rewrite.
ALTER TABLE orders ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE orders ADD COLUMN updated_at timestamptz DEFAULT current_timestamp;
ALTER TABLE orders ADD COLUMN day date DEFAULT CURRENT_DATE;
ALTER TABLE orders ADD COLUMN status text NOT NULL DEFAULT 'new';
ALTER TABLE orders ADD COLUMN priority integer DEFAULT 0;
-- The safe way to a volatile default: for new rows only, old rows backfilled in batches.
ALTER TABLE orders ADD COLUMN public_id uuid;
ALTER TABLE orders ALTER COLUMN public_id SET DEFAULT gen_random_uuid();
-- A table created in this file is empty.
CREATE TABLE refunds (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), seq bigint GENERATED ALWAYS AS IDENTITY);
ALTER TABLE refunds ADD COLUMN token uuid NOT NULL DEFAULT gen_random_uuid();
ALTER TABLE refunds ADD COLUMN number bigserial;
CREATE TABLE baskets (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), items integer NOT NULL);
ALTER TABLE baskets ADD COLUMN double_items integer GENERATED ALWAYS AS (items * 2) STORED;
