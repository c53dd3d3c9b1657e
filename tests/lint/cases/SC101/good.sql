-- Lower snake_case everywhere; keywords in upper case are fine, and so are quoted names that are
-- already lower snake_case. Names that are only referenced (not created) are not checked.
CREATE TABLE order_items (
    id uuid DEFAULT gen_random_uuid(),
    unit_price_cents bigint,
    "unit_count" integer,
    sku2 text,
    legacy_id uuid REFERENCES "LegacyOrders" ("OrderId"),
    CONSTRAINT pk_order_items PRIMARY KEY (id),
    CONSTRAINT ck_order_items_unit_count CHECK ("unit_count" >= 0)
);
CREATE INDEX idx_order_items_sku2 ON order_items (sku2);
CREATE INDEX idx_legacy_orders_order_id ON "LegacyOrders" ("OrderId");
ALTER TABLE order_items ADD COLUMN note text;
ALTER TABLE "LegacyOrders" RENAME COLUMN "OrderId" TO order_id;
CREATE VIEW v_order_items AS SELECT id, sku2 AS sku, "unit_count" FROM order_items WHERE SKU2 <> '';
CREATE MATERIALIZED VIEW mv_order_item_counts (item_count) AS SELECT count(*) AS "IgnoredByAlias" FROM order_items;
CREATE FUNCTION public.order_item_count(OrderId uuid) RETURNS bigint LANGUAGE sql AS $$ SELECT 1::bigint $$;
CREATE TYPE mood AS ENUM ('Happy', 'Sad');
CREATE DOMAIN positive_cents AS bigint CONSTRAINT ck_positive_cents CHECK (VALUE > 0);
CREATE SCHEMA billing;
CREATE SEQUENCE billing.ticket_numbers;
CREATE TRIGGER trg_order_items_updated_at
    BEFORE UPDATE ON order_items
    FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();
CREATE POLICY tenant_isolation_policy ON order_items USING (true);
-- Names that are also keywords of the statement: the name is found after them.
CREATE OR REPLACE FUNCTION public.replace() RETURNS integer LANGUAGE sql AS $$ SELECT 1 $$;
CREATE TYPE type AS ENUM ('a');
