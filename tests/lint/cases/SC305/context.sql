CREATE TABLE tenants (id uuid PRIMARY KEY DEFAULT gen_random_uuid());
CREATE TABLE events (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    CONSTRAINT pk_events PRIMARY KEY (id),
    CONSTRAINT uq_events_tenant_id_id UNIQUE (tenant_id, id)
);
-- schemactl: global
CREATE TABLE currencies (code text PRIMARY KEY);
