ALTER TYPE order_status ADD VALUE 'refunded';
UPDATE orders SET status = 'refunded' WHERE number < 0; -- expect: SC718
INSERT INTO orders (id, placed_at, status) VALUES (gen_random_uuid(), now(), 'refunded'::order_status); -- expect: SC718
