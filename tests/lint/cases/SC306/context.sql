CREATE FUNCTION public.app_current_tenant_id() RETURNS uuid LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$ SELECT NULLIF(current_setting('app.current_tenant_id', true), '')::uuid $$;
CREATE TABLE tenants (id uuid PRIMARY KEY DEFAULT gen_random_uuid());
ALTER TABLE tenants ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation_policy ON tenants
    USING (id = (SELECT public.app_current_tenant_id()))
    WITH CHECK (id = (SELECT public.app_current_tenant_id()));
CREATE TABLE orders (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id uuid NOT NULL REFERENCES tenants (id)
);
ALTER TABLE orders ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation_policy ON orders
    USING (tenant_id = (SELECT public.app_current_tenant_id()))
    WITH CHECK (tenant_id = (SELECT public.app_current_tenant_id()));
