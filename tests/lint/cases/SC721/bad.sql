-- schemactl: no-transaction
CREATE INDEX CONCURRENTLY idx_orders_number ON orders (number); -- expect: SC721
DROP INDEX CONCURRENTLY idx_orders_placed_at; -- expect: SC721
CREATE TABLE refunds (id uuid NOT NULL); -- expect: SC721
ALTER TABLE orders ADD COLUMN note text; -- expect: SC721
CREATE VIEW v_orders AS SELECT id FROM orders; -- expect: SC721
CREATE FUNCTION public.one() RETURNS integer LANGUAGE sql SET search_path = pg_catalog, pg_temp AS $$ SELECT 1 $$; -- expect: SC721
CREATE SCHEMA audit; -- expect: SC721
ALTER TABLE orders DROP CONSTRAINT ck_orders_status; -- expect: SC721
