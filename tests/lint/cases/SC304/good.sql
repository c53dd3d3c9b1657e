CREATE TABLE tenants (id uuid PRIMARY KEY DEFAULT gen_random_uuid());
{{ tenant_table('tenants', tenant_column='id', updated_at=false) }}

-- by hand, schema-qualified, qualified column references
CREATE TABLE invoices (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id uuid NOT NULL REFERENCES tenants (id)
);
ALTER TABLE invoices ENABLE ROW LEVEL SECURITY;
ALTER TABLE invoices FORCE ROW LEVEL SECURITY;
CREATE POLICY invoices_select_policy ON public.invoices FOR SELECT
    USING (invoices.tenant_id = (SELECT public.app_current_tenant_id()));
CREATE POLICY invoices_tenant_policy ON public.invoices FOR ALL TO PUBLIC
    USING (invoices.tenant_id = (SELECT public.app_current_tenant_id()))
    WITH CHECK (invoices.tenant_id = (SELECT public.app_current_tenant_id()));

-- an extra admin policy next to the complete one
CREATE TABLE payments (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id uuid NOT NULL REFERENCES tenants (id)
);
ALTER TABLE payments ENABLE ROW LEVEL SECURITY;
CREATE POLICY payments_admin_policy ON payments FOR ALL TO app_admin USING (true) WITH CHECK (true);
CREATE POLICY payments_tenant_policy ON payments
    USING (tenant_id = (SELECT public.app_current_tenant_id()))
    WITH CHECK (tenant_id = (SELECT public.app_current_tenant_id()));

-- RLS never enabled: SC302's finding, not this rule's
CREATE TABLE refunds (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id uuid NOT NULL REFERENCES tenants (id)
);

-- shared by all tenants
-- schemactl: global
CREATE TABLE currencies (code text PRIMARY KEY, tenant_id uuid);
ALTER TABLE currencies ENABLE ROW LEVEL SECURITY;
