-- schemactl: no-transaction
BEGIN;
ALTER TABLE orders ADD CONSTRAINT fk_orders_payer FOREIGN KEY (payer_id) REFERENCES customers (id) NOT VALID;
ALTER TABLE orders VALIDATE CONSTRAINT fk_orders_payer; -- expect: SC708
COMMIT;
