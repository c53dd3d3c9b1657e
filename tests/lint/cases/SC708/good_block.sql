-- schemactl: no-transaction
-- added NOT VALID in one transaction, validated in the next
BEGIN;
ALTER TABLE orders ADD CONSTRAINT fk_orders_payer FOREIGN KEY (payer_id) REFERENCES customers (id) NOT VALID;
COMMIT;
ALTER TABLE orders VALIDATE CONSTRAINT fk_orders_payer;
