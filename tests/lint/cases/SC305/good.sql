-- composite references with the tenant column, inline reference to tenants, reference to a global table
CREATE TABLE allocations (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    event_id uuid NOT NULL,
    currency text NOT NULL REFERENCES currencies (code),
    CONSTRAINT uq_allocations_tenant_id_id UNIQUE (tenant_id, id),
    CONSTRAINT fk_allocations_tenant_event FOREIGN KEY (tenant_id, event_id) REFERENCES events (tenant_id, id)
);

-- the referenced columns in another order than the key, still paired right
CREATE TABLE ledger (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id uuid NOT NULL,
    event_id uuid NOT NULL,
    CONSTRAINT fk_ledger_tenant_id FOREIGN KEY (tenant_id) REFERENCES tenants (id),
    CONSTRAINT fk_ledger_event FOREIGN KEY (event_id, tenant_id) REFERENCES events (id, tenant_id)
);
ALTER TABLE ledger ADD COLUMN allocation_id uuid;
ALTER TABLE ledger
    ADD CONSTRAINT fk_ledger_allocation FOREIGN KEY (tenant_id, allocation_id) REFERENCES allocations (tenant_id, id);

-- a global table referencing a tenant table (not tenant-scoped: out of scope)
-- schemactl: global
CREATE TABLE event_kinds (code text PRIMARY KEY, example_event_id uuid REFERENCES events (id));

-- a table without the tenant column (SC301's finding)
CREATE TABLE scratch (id uuid PRIMARY KEY, event_id uuid REFERENCES events (id));

-- the tenants table referencing tenant rows
ALTER TABLE tenants ADD COLUMN first_event_id uuid REFERENCES events (id);

-- a reference to a table the model does not know
CREATE TABLE imports (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    batch_id uuid REFERENCES external_batches (id)
);
