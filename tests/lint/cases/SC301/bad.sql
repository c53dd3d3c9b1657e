CREATE TABLE tenants (id uuid PRIMARY KEY DEFAULT gen_random_uuid());

-- no tenant column at all
CREATE TABLE invoices (id uuid PRIMARY KEY DEFAULT gen_random_uuid()); -- expect: SC301

-- wrong type
CREATE TABLE payments ( -- expect: SC301
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id bigint NOT NULL REFERENCES tenants (id)
);

-- nullable
CREATE TABLE refunds ( -- expect: SC301
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id uuid REFERENCES tenants (id)
);

-- no foreign key to tenants
CREATE TABLE notes ( -- expect: SC301
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id uuid NOT NULL
);

-- a composite foreign key including tenant_id, but to another table, not to tenants
CREATE TABLE events (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    CONSTRAINT uq_events_tenant_id_id UNIQUE (tenant_id, id)
);
CREATE TABLE event_lines ( -- expect: SC301
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id uuid NOT NULL,
    event_id uuid NOT NULL,
    CONSTRAINT fk_event_lines_tenant_event FOREIGN KEY (tenant_id, event_id) REFERENCES events (tenant_id, id)
);

-- a foreign key to tenants on another column
CREATE TABLE transfers ( -- expect: SC301
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id uuid NOT NULL,
    counterparty_tenant_id uuid NOT NULL REFERENCES tenants (id)
);

-- another marker is not the global marker
-- schemactl: append-only
CREATE TABLE audit_log (id uuid PRIMARY KEY DEFAULT gen_random_uuid()); -- expect: SC301

-- the tenant column dropped later
CREATE TABLE tags ( -- expect: SC301
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id uuid NOT NULL REFERENCES tenants (id)
);
ALTER TABLE tags DROP COLUMN tenant_id;
