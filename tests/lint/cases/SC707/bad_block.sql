-- schemactl: no-transaction
BEGIN;
ALTER TABLE orders ADD CONSTRAINT ck_orders_code_not_null CHECK (code IS NOT NULL);
ALTER TABLE orders ALTER COLUMN code SET NOT NULL; -- expect: SC707
COMMIT;
