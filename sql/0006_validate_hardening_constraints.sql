-- Validates the constraints 0005 added NOT VALID: the foreign keys re-pointed at the tenant-scoped
-- primary keys and the value-sanity checks. VALIDATE CONSTRAINT scans under SHARE UPDATE EXCLUSIVE
-- (reads and writes go on). A row that breaks a check (an occurred_at of 'infinity', a whitespace
-- model_version) stops this file with the constraint's name: correct the row, then apply again.

SET LOCAL ROLE migration_owner;

ALTER TABLE attribution_allocations VALIDATE CONSTRAINT fk_attribution_allocations_tenant_event;
ALTER TABLE allocation_sum_guards VALIDATE CONSTRAINT fk_allocation_sum_guards_tenant_event;
ALTER TABLE revenue_ledger VALIDATE CONSTRAINT fk_revenue_ledger_tenant_allocation;
ALTER TABLE revenue_ledger VALIDATE CONSTRAINT fk_revenue_ledger_tenant_reconciliation_run;

ALTER TABLE attribution_events VALIDATE CONSTRAINT ck_attribution_events_occurred_at_range;
ALTER TABLE attribution_events VALIDATE CONSTRAINT ck_attribution_events_external_event_id_clean;
ALTER TABLE dead_events VALIDATE CONSTRAINT ck_dead_events_external_event_id_clean;
ALTER TABLE attribution_allocations VALIDATE CONSTRAINT ck_attribution_allocations_model_version_clean;
ALTER TABLE reconciliation_runs VALIDATE CONSTRAINT ck_reconciliation_runs_last_run_at_range;
ALTER TABLE revenue_ledger VALIDATE CONSTRAINT ck_revenue_ledger_verified_at_range;
ALTER TABLE revenue_ledger VALIDATE CONSTRAINT ck_revenue_ledger_verified_by_run;
