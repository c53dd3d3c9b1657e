ALTER TABLE orders ADD COLUMN public_id uuid NOT NULL DEFAULT gen_random_uuid(); -- expect: SC705
ALTER TABLE orders ADD COLUMN sample double precision DEFAULT random(); -- expect: SC705
ALTER TABLE orders
    ADD COLUMN seen_at timestamptz DEFAULT clock_timestamp(), -- expect: SC705
    ADD COLUMN legacy_id uuid DEFAULT public.uuid_generate_v4(); -- expect: SC705
ALTER TABLE orders ADD COLUMN ticket bigint DEFAULT nextval('order_tickets'::regclass); -- expect: SC705
ALTER TABLE orders ADD COLUMN stamp text DEFAULT 'at ' || timeofday(); -- expect: SC705
-- Identity and serial columns number every existing row.
ALTER TABLE orders ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY; -- expect: SC705
ALTER TABLE orders ADD COLUMN number bigserial; -- expect: SC705
ALTER TABLE orders ADD COLUMN total_cents bigint GENERATED ALWAYS AS (quantity * 100) STORED; -- expect: SC705
ALTER TABLE orders ADD COLUMN row_no bigserial; -- expect: SC705
