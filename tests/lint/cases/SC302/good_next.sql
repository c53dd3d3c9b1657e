ALTER TABLE orders DISABLE ROW LEVEL SECURITY;
UPDATE orders SET id = id;
ALTER TABLE orders ENABLE ROW LEVEL SECURITY;
-- another schema's orders is another table
ALTER TABLE audit.orders ENABLE ROW LEVEL SECURITY;
