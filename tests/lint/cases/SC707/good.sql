-- Checks added NOT VALID by an earlier migration, validated here without blocking reads or writes.
ALTER TABLE orders VALIDATE CONSTRAINT ck_orders_region_not_null;
ALTER TABLE orders ALTER COLUMN region SET NOT NULL;
ALTER TABLE orders DROP CONSTRAINT ck_orders_region_not_null;
ALTER TABLE orders VALIDATE CONSTRAINT orders_note_check;
ALTER TABLE orders ALTER COLUMN note SET NOT NULL;
-- Already NOT NULL: nothing to check.
ALTER TABLE orders ALTER COLUMN placed_at SET NOT NULL;
ALTER TABLE orders ALTER COLUMN channel DROP NOT NULL;
-- A table created in this file is empty.
CREATE TABLE refunds (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), reason text);
ALTER TABLE refunds ALTER COLUMN reason SET NOT NULL;
