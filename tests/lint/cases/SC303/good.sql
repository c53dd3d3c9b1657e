CREATE TABLE tenants (id uuid PRIMARY KEY DEFAULT gen_random_uuid());
{{ tenant_table('tenants', tenant_column='id', updated_at=false) }}

-- enabled and forced by hand, forced first
CREATE TABLE invoices (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id uuid NOT NULL REFERENCES tenants (id)
);
ALTER TABLE invoices FORCE ROW LEVEL SECURITY;
ALTER TABLE invoices ENABLE ROW LEVEL SECURITY;

-- RLS never enabled: SC302's finding, not this rule's
CREATE TABLE payments (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id uuid NOT NULL REFERENCES tenants (id)
);

-- shared by all tenants, RLS enabled without force
-- schemactl: global
CREATE TABLE currencies (code text PRIMARY KEY, tenant_id uuid);
ALTER TABLE currencies ENABLE ROW LEVEL SECURITY;

-- not tenant-scoped
CREATE TABLE feature_flags (name text PRIMARY KEY);
ALTER TABLE feature_flags ENABLE ROW LEVEL SECURITY;
