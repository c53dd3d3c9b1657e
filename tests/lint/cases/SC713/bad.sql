ALTER TABLE orders ALTER COLUMN placed_at DROP NOT NULL; -- expect: SC713
ALTER TABLE invoices ALTER total_cents DROP NOT NULL; -- expect: SC713
