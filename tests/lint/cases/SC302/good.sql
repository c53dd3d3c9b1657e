CREATE TABLE tenants (id uuid PRIMARY KEY DEFAULT gen_random_uuid());
ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
CREATE TABLE invoices (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id uuid NOT NULL REFERENCES tenants (id)
);
ALTER TABLE invoices ENABLE ROW LEVEL SECURITY;
-- schemactl: global
CREATE TABLE currencies (code text PRIMARY KEY, tenant_id uuid);
