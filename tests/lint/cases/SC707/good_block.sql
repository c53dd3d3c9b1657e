-- schemactl: no-transaction
-- the check is validated in its own transaction, then used by SET NOT NULL
ALTER TABLE orders VALIDATE CONSTRAINT ck_orders_region_not_null;
BEGIN;
ALTER TABLE orders ALTER COLUMN region SET NOT NULL;
COMMIT;
