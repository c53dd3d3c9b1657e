-- linted on its own: orders was created outside these migrations (a baseline dump, an extension)
CREATE INDEX idx_orders_placed_at ON orders (placed_at); -- expect: SC701
CREATE UNIQUE INDEX idx_orders_id_placed_at ON public.orders (id, placed_at); -- expect: SC701
