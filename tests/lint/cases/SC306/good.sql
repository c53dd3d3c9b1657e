CREATE POLICY orders_admin ON orders TO app_admin USING (true) WITH CHECK (true);
CREATE POLICY orders_visible ON orders AS RESTRICTIVE FOR SELECT USING (NOT hidden);
CREATE POLICY orders_select ON orders FOR SELECT
    USING (orders.tenant_id = (SELECT public.app_current_tenant_id()) AND NOT archived);
CREATE POLICY orders_setting ON orders FOR INSERT
    WITH CHECK (tenant_id = NULLIF(current_setting('app.current_tenant_id', true), '')::uuid);
ALTER POLICY tenant_isolation_policy ON orders
    USING ((SELECT public.app_current_tenant_id()) = tenant_id)
    WITH CHECK ((SELECT public.app_current_tenant_id()) = tenant_id);
-- not a tenant table
CREATE TABLE feature_flags (name text PRIMARY KEY);
ALTER TABLE feature_flags ENABLE ROW LEVEL SECURITY;
CREATE POLICY feature_flags_read ON feature_flags FOR SELECT USING (true);
