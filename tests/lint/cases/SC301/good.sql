-- the tenants table is the tenant root
CREATE TABLE tenants (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    region text NOT NULL,
    CONSTRAINT uq_tenants_id_region UNIQUE (id, region)
);

-- shared by all tenants
-- schemactl: global
CREATE TABLE currencies (code text PRIMARY KEY);

-- inline reference
CREATE TABLE invoices (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id uuid NOT NULL REFERENCES tenants (id)
);

-- table-level foreign key, schema-qualified names
CREATE TABLE public.payments (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id uuid NOT NULL,
    CONSTRAINT fk_payments_tenant_id FOREIGN KEY (tenant_id) REFERENCES public.tenants (id) ON DELETE CASCADE
);

-- composite foreign key to tenants that includes the tenant column
CREATE TABLE regional_settings (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id uuid NOT NULL,
    region text NOT NULL,
    CONSTRAINT fk_regional_settings_tenant FOREIGN KEY (region, tenant_id) REFERENCES tenants (region, id)
);

-- NOT NULL through a composite primary key
CREATE TABLE sum_guards (
    tenant_id uuid,
    event_id uuid,
    CONSTRAINT pk_sum_guards PRIMARY KEY (tenant_id, event_id),
    CONSTRAINT fk_sum_guards_tenant_id FOREIGN KEY (tenant_id) REFERENCES tenants (id)
);

-- NOT NULL and the foreign key added later in the file
CREATE TABLE refunds (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id uuid
);
ALTER TABLE refunds ALTER COLUMN tenant_id SET NOT NULL;
ALTER TABLE refunds ADD CONSTRAINT fk_refunds_tenant_id FOREIGN KEY (tenant_id) REFERENCES tenants (id);

-- the tenant column added later
CREATE TABLE notes (id uuid PRIMARY KEY DEFAULT gen_random_uuid());
ALTER TABLE notes ADD COLUMN tenant_id uuid NOT NULL REFERENCES tenants (id);

-- a suppressed finding with its reason
-- schemactl: allow SC301 because scratch table for a one-off import, dropped next release
CREATE TABLE import_scratch (line text);
