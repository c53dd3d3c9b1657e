CREATE TABLE orders (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    placed_at timestamptz NOT NULL DEFAULT now(),
    currency char(3),
    region text,
    channel text,
    note text,
    code text,
    source text
);
ALTER TABLE orders ADD CONSTRAINT ck_orders_region_not_null CHECK (region IS NOT NULL) NOT VALID;
ALTER TABLE orders ADD CONSTRAINT ck_orders_channel_not_null CHECK (channel IS NOT NULL) NOT VALID;
ALTER TABLE orders ADD CHECK (note IS NOT NULL) NOT VALID;
