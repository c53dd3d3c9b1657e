CREATE INDEX orders_placed_at_idx ON orders (placed_at); -- expect: SC103
CREATE INDEX ON orders (customer_id); -- expect: SC103
CREATE INDEX idx_placed_at ON orders (placed_at); -- expect: SC103
CREATE INDEX idx_orders ON orders (placed_at); -- expect: SC103
CREATE INDEX idx_orders_ ON orders (placed_at); -- expect: SC103
CREATE UNIQUE INDEX idx_order_email ON public.orders (email); -- expect: SC103
CREATE INDEX IF NOT EXISTS
    ix_orders_customer_id -- expect: SC103
    ON orders (customer_id);
CREATE INDEX idx_customers_placed_at ON orders USING brin (placed_at); -- expect: SC103
