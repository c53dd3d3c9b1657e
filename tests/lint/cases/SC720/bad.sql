-- schemactl: no-transaction
COMMIT; -- expect: SC720
BEGIN;
ALTER TABLE orders ADD COLUMN IF NOT EXISTS note text;
BEGIN; -- expect: SC720
COMMIT;
START TRANSACTION; -- expect: SC720
ALTER TABLE orders ADD COLUMN IF NOT EXISTS memo text;
