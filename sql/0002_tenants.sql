-- Tenants: the root of every tenant-scoped row.
CREATE TABLE tenants (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE tenants IS 'Tenant identity and management.';

{{ tenant_isolation('tenants', tenant_column='id') }}
