ALTER TABLE orders ADD COLUMN currency char(3) NOT NULL DEFAULT 'EUR';
ALTER TABLE orders ADD COLUMN weight numeric NOT NULL DEFAULT 0::numeric;
ALTER TABLE orders ADD COLUMN seen_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE orders ADD COLUMN note text;
ALTER TABLE orders ADD COLUMN region text NULL;
-- Identity and generated columns give existing rows a value.
ALTER TABLE orders ADD COLUMN number bigint NOT NULL GENERATED ALWAYS AS IDENTITY;
ALTER TABLE orders ADD COLUMN placed_day date NOT NULL GENERATED ALWAYS AS ((placed_at AT TIME ZONE 'UTC')::date) STORED;
ALTER TABLE order_lines ADD COLUMN id uuid PRIMARY KEY DEFAULT gen_random_uuid();
-- SET NOT NULL is SC707's business.
ALTER TABLE orders ALTER COLUMN note SET NOT NULL;
-- A table created in this file is empty.
CREATE TABLE refunds (id uuid PRIMARY KEY DEFAULT gen_random_uuid());
ALTER TABLE refunds ADD COLUMN reason text NOT NULL;
ALTER TABLE orders ADD COLUMN row_number bigserial NOT NULL;
