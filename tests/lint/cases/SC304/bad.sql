CREATE TABLE tenants (id uuid PRIMARY KEY DEFAULT gen_random_uuid());
ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
-- the tenants table's policy must restrict id, not tenant_id
CREATE POLICY tenants_policy ON tenants -- expect: SC304
    USING (id = (SELECT public.app_current_tenant_id()));

-- no policy at all
CREATE TABLE invoices ( -- expect: SC304
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id uuid NOT NULL REFERENCES tenants (id)
);
ALTER TABLE invoices ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;

-- USING without WITH CHECK: reported at the policy
CREATE TABLE payments (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id uuid NOT NULL REFERENCES tenants (id)
);
ALTER TABLE payments ENABLE ROW LEVEL SECURITY;
CREATE POLICY payments_tenant_policy ON payments -- expect: SC304
    USING (tenant_id = (SELECT public.app_current_tenant_id()));

-- WITH CHECK on the tenant, USING open: reported at the policy
CREATE TABLE refunds (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id uuid NOT NULL REFERENCES tenants (id)
);
ALTER TABLE refunds ENABLE ROW LEVEL SECURITY;
CREATE POLICY refunds_tenant_policy ON refunds FOR UPDATE -- expect: SC304
    USING (true)
    WITH CHECK (tenant_id = (SELECT public.app_current_tenant_id()));

-- both clauses, neither on the tenant column
CREATE TABLE notes ( -- expect: SC304
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    owner_id uuid NOT NULL
);
ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
CREATE POLICY notes_owner_policy ON notes
    USING (owner_id = (SELECT public.app_current_tenant_id()))
    WITH CHECK (owner_id = (SELECT public.app_current_tenant_id()));

-- per-command policies: a SELECT policy cannot have WITH CHECK, so none is complete
CREATE TABLE tags ( -- expect: SC304
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id uuid NOT NULL REFERENCES tenants (id)
);
ALTER TABLE tags ENABLE ROW LEVEL SECURITY;
CREATE POLICY tags_select_policy ON tags FOR SELECT
    USING (tenant_id = (SELECT public.app_current_tenant_id()));
