-- inline REFERENCES to a tenant table without the tenant column
CREATE TABLE allocations (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    event_id uuid NOT NULL REFERENCES events (id) -- expect: SC305
);

-- table constraint without the tenant column
CREATE TABLE ledger (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    event_id uuid NOT NULL,
    CONSTRAINT fk_ledger_event FOREIGN KEY (event_id) REFERENCES events (id) -- expect: SC305
);

-- tenant column paired with the wrong referenced column
CREATE TABLE notes (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    event_id uuid NOT NULL,
    CONSTRAINT fk_notes_event FOREIGN KEY (tenant_id, event_id) REFERENCES events (id, tenant_id) -- expect: SC305
);

-- self-reference without the tenant column
CREATE TABLE folders (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    parent_id uuid REFERENCES folders (id) -- expect: SC305
);

-- ALTER TABLE: added constraint, and an added column with an inline reference
ALTER TABLE ledger
    ADD CONSTRAINT fk_ledger_allocation FOREIGN KEY (event_id) REFERENCES allocations (id); -- expect: SC305
ALTER TABLE ledger ADD COLUMN folder_id uuid REFERENCES folders; -- expect: SC305
