-- linted on its own: orders was created outside these migrations (a baseline dump, an extension)
ALTER TABLE orders ADD CONSTRAINT fk_orders_customer FOREIGN KEY (customer_id) REFERENCES customers (id); -- expect: SC708
ALTER TABLE orders ADD FOREIGN KEY (customer_id) REFERENCES customers; -- expect: SC708
ALTER TABLE orders ADD CONSTRAINT ck_orders_quantity_positive CHECK (quantity > 0); -- expect: SC708
ALTER TABLE public.orders ADD CHECK (quantity < 1000); -- expect: SC708
-- Inline constraints of a new column check every row too.
ALTER TABLE orders
    ADD COLUMN referrer_id uuid REFERENCES customers (id), -- expect: SC708
    ADD COLUMN discount integer CHECK (discount >= 0); -- expect: SC708
-- NOT VALID, then VALIDATE in the same transaction: the scan runs under the ADD's lock.
ALTER TABLE orders ADD CONSTRAINT fk_orders_payer FOREIGN KEY (payer_id) REFERENCES customers (id) NOT VALID;
ALTER TABLE orders VALIDATE CONSTRAINT fk_orders_payer; -- expect: SC708
