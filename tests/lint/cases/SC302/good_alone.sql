-- disabled, then enabled again in the same file
ALTER TABLE orders DISABLE ROW LEVEL SECURITY;
ALTER TABLE orders ENABLE ROW LEVEL SECURITY;
-- schemactl: global
CREATE TABLE currencies (code text PRIMARY KEY, tenant_id uuid);
ALTER TABLE currencies DISABLE ROW LEVEL SECURITY;
