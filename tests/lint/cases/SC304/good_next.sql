-- dropped and re-created in the same file
DROP POLICY tenant_isolation_policy ON orders;
CREATE POLICY tenant_isolation_policy ON orders
    USING (tenant_id = (SELECT public.app_current_tenant_id()))
    WITH CHECK (tenant_id = (SELECT public.app_current_tenant_id()));
-- another schema's orders
DROP POLICY IF EXISTS audit_policy ON audit.orders_archive;
CREATE POLICY audit_tenant_policy ON audit.orders_archive
    USING (tenant_id = (SELECT public.app_current_tenant_id()))
    WITH CHECK (tenant_id = (SELECT public.app_current_tenant_id()));
