ALTER TABLE orders ADD CONSTRAINT uq_orders_number UNIQUE (number); -- expect: SC712
ALTER TABLE public.orders ADD PRIMARY KEY (id, number); -- expect: SC712
ALTER TABLE orders ADD COLUMN code text UNIQUE; -- expect: SC712
