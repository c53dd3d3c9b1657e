CREATE TABLE invoices (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    number text
);
CREATE TABLE refunds (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    invoice_id uuid NOT NULL,
    line integer NOT NULL,
    CONSTRAINT pk_refunds PRIMARY KEY (id),
    CONSTRAINT uq_refunds_invoice_id_line UNIQUE (invoice_id, line)
);
-- No primary key at all, or a partition (its key comes from the parent): not this rule's business.
CREATE TABLE audit_notes (note text);
-- A partitioned table's key must include the partition key: (id, day) counts as the uuid id.
CREATE TABLE events (
    id uuid DEFAULT gen_random_uuid(),
    day date NOT NULL,
    CONSTRAINT pk_events PRIMARY KEY (id, day)
) PARTITION BY RANGE (day);
CREATE TABLE events_default PARTITION OF events DEFAULT;
ALTER TABLE legacy_users ADD CONSTRAINT pk_legacy_users PRIMARY KEY (id);
ALTER TABLE legacy_accounts
    ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid(),
    ADD CONSTRAINT pk_legacy_accounts PRIMARY KEY (id);
-- A justified composite key is suppressed with its reason.
-- schemactl: allow SC203 because one guard row per (tenant_id, event_id) serialises writers
CREATE TABLE sum_guards (
    tenant_id uuid NOT NULL,
    event_id uuid NOT NULL,
    CONSTRAINT pk_sum_guards PRIMARY KEY (tenant_id, event_id)
);
-- A tenant-scoped key: the tenant column first, then the uuid id with its default.
CREATE TABLE orders (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    tenant_id uuid NOT NULL,
    CONSTRAINT pk_orders PRIMARY KEY (tenant_id, id)
);
ALTER TABLE legacy_users ADD COLUMN tenant_id uuid NOT NULL;
ALTER TABLE legacy_users DROP CONSTRAINT pk_legacy_users, ADD CONSTRAINT pk_legacy_users PRIMARY KEY (tenant_id, id);
