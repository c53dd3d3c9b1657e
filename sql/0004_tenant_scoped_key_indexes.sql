-- schemactl: no-transaction drop-invalid-indexes
-- Tenant-scoped keys, step 1 of 3: the unique indexes that 0005 turns into PRIMARY KEY (tenant_id, id)
-- and into the tenant-scoped "an allocation posts at most once" key. Built CONCURRENTLY (reads and
-- writes go on), each statement on its own, idempotent (IF NOT EXISTS; an invalid index left by an
-- interrupted build is dropped and rebuilt on the retry).
-- Why: a global key on id let one tenant learn of, block on and squat another tenant's ids
-- (docs/SCHEMA.md, departures; DESIGN 4.6).

CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS idx_attribution_events_tenant_id_id
    ON attribution_events (tenant_id, id);
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS idx_dead_events_tenant_id_id
    ON dead_events (tenant_id, id);
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS idx_attribution_allocations_tenant_id_id
    ON attribution_allocations (tenant_id, id);
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS idx_reconciliation_runs_tenant_id_id
    ON reconciliation_runs (tenant_id, id);
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS idx_revenue_ledger_tenant_id_id
    ON revenue_ledger (tenant_id, id);
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS idx_revenue_ledger_tenant_allocation_id
    ON revenue_ledger (tenant_id, allocation_id)
    WHERE allocation_id IS NOT NULL;
