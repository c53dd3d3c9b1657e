UPDATE orders SET status = 'paid', number = 2 WHERE number = 1;
INSERT INTO orders (id, number) VALUES (gen_random_uuid(), 1) ON CONFLICT (id) DO UPDATE SET number = excluded.number;
CREATE TABLE baskets (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), items integer[]);
UPDATE baskets SET items[1] = 1, items[2] = 2;
