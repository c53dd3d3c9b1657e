-- Not a table or column of an existing table.
ALTER INDEX idx_orders_note RENAME TO idx_orders_remark;
ALTER TABLE orders RENAME CONSTRAINT ck_orders_amount TO ck_orders_amount_positive;
ALTER VIEW v_orders RENAME TO v_purchases;
-- The expand step of expand/contract.
ALTER TABLE orders ADD COLUMN amount_cents bigint;
-- A table created in this file is not in use yet.
CREATE TABLE refunds (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), reason text);
ALTER TABLE refunds RENAME TO order_refunds;
ALTER TABLE order_refunds RENAME COLUMN reason TO why;
