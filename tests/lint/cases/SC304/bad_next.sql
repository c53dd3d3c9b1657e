DROP POLICY tenant_isolation_policy ON orders; -- expect: SC304
-- re-created, but without the tenant column
DROP POLICY IF EXISTS tenant_isolation_policy ON public.tenants; -- expect: SC304
CREATE POLICY tenant_isolation_policy ON tenants USING (true) WITH CHECK (true);
