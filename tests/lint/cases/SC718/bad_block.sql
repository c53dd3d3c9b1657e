-- schemactl: no-transaction
BEGIN;
ALTER TYPE order_status ADD VALUE IF NOT EXISTS 'refunded';
UPDATE orders SET status = 'refunded' WHERE number < 0; -- expect: SC718
COMMIT;
