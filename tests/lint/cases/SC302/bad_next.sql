-- the next migration of a project whose orders table has RLS
ALTER TABLE orders DISABLE ROW LEVEL SECURITY; -- expect: SC302
ALTER TABLE public.tenants DISABLE ROW LEVEL SECURITY, -- expect: SC302
    ADD COLUMN note text;
