-- linted on its own: orders was created outside these migrations (a baseline dump, an extension)
ALTER TABLE orders ADD COLUMN currency char(3) NOT NULL; -- expect: SC704
ALTER TABLE orders ADD COLUMN IF NOT EXISTS source text NOT NULL; -- expect: SC704
-- DEFAULT NULL is no default at all.
ALTER TABLE orders ADD COLUMN region text NOT NULL DEFAULT NULL; -- expect: SC704
ALTER TABLE orders ADD COLUMN country text DEFAULT NULL::text NOT NULL; -- expect: SC704
ALTER TABLE public.orders
    ADD COLUMN note text,
    ADD COLUMN channel text NOT NULL; -- expect: SC704
-- A primary key column is NOT NULL too.
ALTER TABLE order_lines ADD COLUMN id uuid PRIMARY KEY; -- expect: SC704
