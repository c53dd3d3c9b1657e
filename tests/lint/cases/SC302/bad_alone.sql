-- linted on its own: orders was created outside these migrations
ALTER TABLE orders DISABLE ROW LEVEL SECURITY; -- expect: SC302
ALTER TABLE audit.orders ENABLE ROW LEVEL SECURITY;
ALTER TABLE IF EXISTS audit.orders DISABLE ROW LEVEL SECURITY; -- expect: SC302
