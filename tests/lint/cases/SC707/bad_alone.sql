-- linted on its own: orders was created outside these migrations, its columns are unknown
ALTER TABLE orders ALTER COLUMN currency SET NOT NULL; -- expect: SC707
-- A NOT VALID check proves nothing until it is validated.
ALTER TABLE orders ALTER COLUMN channel SET NOT NULL; -- expect: SC707
-- A check added in this same transaction is validated under the ADD's ACCESS EXCLUSIVE lock.
ALTER TABLE orders ADD CONSTRAINT ck_orders_code_not_null CHECK (code IS NOT NULL) NOT VALID;
ALTER TABLE orders VALIDATE CONSTRAINT ck_orders_code_not_null;
ALTER TABLE orders ALTER COLUMN code SET NOT NULL; -- expect: SC707
ALTER TABLE orders
    ALTER COLUMN placed_at SET NOT NULL, -- expect: SC707
    ALTER source SET NOT NULL; -- expect: SC707
