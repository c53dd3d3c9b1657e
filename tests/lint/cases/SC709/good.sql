DROP VIEW IF EXISTS v_orders;
DROP INDEX IF EXISTS idx_orders_note;
DROP FUNCTION IF EXISTS order_total(uuid);
ALTER TABLE orders DROP CONSTRAINT ck_orders_note_length;
ALTER TABLE orders ALTER COLUMN note DROP DEFAULT, ALTER COLUMN note DROP NOT NULL;
DELETE FROM orders WHERE note IS NULL;
-- An intended contract step says so, with its reason.
-- schemactl: allow SC709 because legacy_orders is unused since release 41 (ticket 123)
DROP TABLE legacy_orders;
ALTER TABLE orders DROP COLUMN legacy_status; -- schemactl: allow SC709 because unused since release 42 (ticket 124)
