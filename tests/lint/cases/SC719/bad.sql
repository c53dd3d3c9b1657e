UPDATE orders SET status = 'paid', status = 'shipped' WHERE number = 1; -- expect: SC719
INSERT INTO orders (id, number, number) VALUES (gen_random_uuid(), 1, 2); -- expect: SC719
UPDATE orders SET (status, number) = ('paid', 1), number = 2; -- expect: SC719
INSERT INTO orders (id, number) VALUES (gen_random_uuid(), 1)
    ON CONFLICT (id) DO UPDATE SET number = 1, number = excluded.number; -- expect: SC719
