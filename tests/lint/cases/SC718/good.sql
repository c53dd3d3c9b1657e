ALTER TYPE order_status ADD VALUE IF NOT EXISTS 'refunded';
UPDATE orders SET status = 'paid' WHERE number < 0;
-- a type created in the same transaction may use its new values
CREATE TYPE refund_reason AS ENUM ('damaged');
ALTER TYPE refund_reason ADD VALUE 'late';
SELECT 'late'::refund_reason;
