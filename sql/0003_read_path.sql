-- Read path: materialized views for the API contracts and the sum-equality report, the
-- tenant-filtered views the application reads, and the definer-rights refresh function.
-- Seed revisions carried here:
--   202511131119 add_materialized_views        (mv_realtime_revenue, mv_reconciliation_status)
--   202511131240 add_sum_equality_validation   (mv_allocation_summary)
--
-- Materialized views ignore RLS, so they are owned by rls_definer (BYPASSRLS: a refresh sees
-- every tenant) and granted to no application role. Applications read v_realtime_revenue and
-- v_reconciliation_status, which filter on the session's tenant and compute freshness when read.

SET LOCAL ROLE migration_owner;
GRANT SELECT ON tenants, revenue_ledger, reconciliation_runs TO rls_definer;

SET LOCAL ROLE rls_definer;

CREATE MATERIALIZED VIEW mv_realtime_revenue AS
SELECT
    t.id AS tenant_id,
    round(coalesce(sum(l.revenue_cents::bigint), 0)::numeric / 100, 2) AS total_revenue,
    coalesce(bool_and(l.is_verified), false) AS verified,
    max(l.updated_at) AS last_updated_at,
    now() AS refreshed_at
FROM public.tenants AS t
LEFT JOIN public.revenue_ledger AS l ON l.tenant_id = t.id
GROUP BY t.id;
CREATE UNIQUE INDEX idx_mv_realtime_revenue_tenant_id ON mv_realtime_revenue (tenant_id);
COMMENT ON MATERIALIZED VIEW mv_realtime_revenue IS 'Aggregate realtime revenue per tenant for GET /api/attribution/revenue/realtime (RealtimeRevenueResponse). Every tenant: read it through v_realtime_revenue.';
COMMENT ON COLUMN mv_realtime_revenue.tenant_id IS 'Tenant identifier. Tenant isolation.';
COMMENT ON COLUMN mv_realtime_revenue.total_revenue IS 'Total revenue in dollars (sum of revenue_ledger.revenue_cents / 100). Contract mapping: total_revenue (number).';
COMMENT ON COLUMN mv_realtime_revenue.verified IS 'Whether every ledger entry of the tenant has been verified. Contract mapping: verified (boolean).';
COMMENT ON COLUMN mv_realtime_revenue.last_updated_at IS 'Latest updated_at of the tenant''s ledger entries at refresh time.';
COMMENT ON COLUMN mv_realtime_revenue.refreshed_at IS 'When this row was computed; data_freshness_seconds is derived from it at read time.';

CREATE MATERIALIZED VIEW mv_reconciliation_status AS
SELECT DISTINCT ON (r.tenant_id)
    r.tenant_id,
    r.state,
    r.last_run_at,
    r.id AS reconciliation_run_id,
    now() AS refreshed_at
FROM public.reconciliation_runs AS r
ORDER BY r.tenant_id, r.last_run_at DESC, r.id DESC;
CREATE UNIQUE INDEX idx_mv_reconciliation_status_tenant_id ON mv_reconciliation_status (tenant_id);
COMMENT ON MATERIALIZED VIEW mv_reconciliation_status IS 'Latest reconciliation run per tenant for GET /api/reconciliation/status (ReconciliationStatusResponse). Every tenant: read it through v_reconciliation_status.';
COMMENT ON COLUMN mv_reconciliation_status.tenant_id IS 'Tenant identifier. Tenant isolation.';
COMMENT ON COLUMN mv_reconciliation_status.state IS 'Current state of the reconciliation pipeline. Contract mapping: state enum (idle|running|failed|completed).';
COMMENT ON COLUMN mv_reconciliation_status.last_run_at IS 'Timestamp of the last reconciliation run. Contract mapping: last_run_at (string date-time).';
COMMENT ON COLUMN mv_reconciliation_status.reconciliation_run_id IS 'Reference to reconciliation_runs.id (internal use).';
COMMENT ON COLUMN mv_reconciliation_status.refreshed_at IS 'When this row was computed.';

CREATE MATERIALIZED VIEW mv_allocation_summary AS
SELECT
    a.tenant_id,
    a.event_id,
    a.model_version,
    count(*) AS allocation_count,
    sum(a.allocated_revenue_cents::bigint) AS allocated_revenue_cents,
    e.revenue_cents AS event_revenue_cents,
    sum(a.allocated_revenue_cents::bigint) - e.revenue_cents AS drift_cents,
    abs(sum(a.allocated_revenue_cents::bigint) - e.revenue_cents) <= 1 AS is_balanced
FROM public.attribution_allocations AS a
JOIN public.attribution_events AS e ON e.tenant_id = a.tenant_id AND e.id = a.event_id
GROUP BY a.tenant_id, a.event_id, a.model_version, e.revenue_cents;
CREATE UNIQUE INDEX idx_mv_allocation_summary_tenant_event_model
    ON mv_allocation_summary (tenant_id, event_id, model_version);
COMMENT ON MATERIALIZED VIEW mv_allocation_summary IS 'Allocation sums per (tenant_id, event_id, model_version) against the event revenue, for sum-equality validation and reporting. Internal-only.';
COMMENT ON COLUMN mv_allocation_summary.tenant_id IS 'Tenant identifier.';
COMMENT ON COLUMN mv_allocation_summary.event_id IS 'The allocated event.';
COMMENT ON COLUMN mv_allocation_summary.model_version IS 'Attribution model version of the allocations.';
COMMENT ON COLUMN mv_allocation_summary.allocation_count IS 'Number of allocations.';
COMMENT ON COLUMN mv_allocation_summary.allocated_revenue_cents IS 'Sum of allocated_revenue_cents (bigint).';
COMMENT ON COLUMN mv_allocation_summary.event_revenue_cents IS 'revenue_cents of the event.';
COMMENT ON COLUMN mv_allocation_summary.drift_cents IS 'allocated_revenue_cents minus event_revenue_cents.';
COMMENT ON COLUMN mv_allocation_summary.is_balanced IS 'Whether the drift is within 1 cent.';

{{ grant_privileges('mv_realtime_revenue') }}
{{ grant_privileges('mv_reconciliation_status') }}
{{ grant_privileges('mv_allocation_summary') }}
GRANT SELECT ON mv_realtime_revenue, mv_reconciliation_status TO migration_owner;

-- Refresh without blocking readers; definer rights so app_admin can call it and the refresh sees
-- every tenant. search_path is pinned. The API views refresh on a 30-60 s cadence; the allocation
-- summary is a full scan of every allocation, so it has its own function and its own cadence.
CREATE FUNCTION public.refresh_read_path()
    RETURNS void
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, public, pg_temp
AS $$
BEGIN
    REFRESH MATERIALIZED VIEW CONCURRENTLY public.mv_realtime_revenue;
    REFRESH MATERIALIZED VIEW CONCURRENTLY public.mv_reconciliation_status;
END
$$;
COMMENT ON FUNCTION public.refresh_read_path() IS
    'Refreshes mv_realtime_revenue and mv_reconciliation_status concurrently, with the rights of their owner.';

CREATE FUNCTION public.refresh_allocation_summary()
    RETURNS void
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, public, pg_temp
AS $$
BEGIN
    REFRESH MATERIALIZED VIEW CONCURRENTLY public.mv_allocation_summary;
END
$$;
COMMENT ON FUNCTION public.refresh_allocation_summary() IS
    'Refreshes mv_allocation_summary concurrently, with the rights of its owner (a scan of every allocation: run it less often than refresh_read_path).';
{{ grant_privileges('refresh_allocation_summary()') }}
{{ grant_privileges('refresh_read_path()') }}

SET LOCAL ROLE migration_owner;

CREATE VIEW v_realtime_revenue WITH (security_barrier = true) AS
SELECT
    m.tenant_id,
    m.total_revenue,
    m.verified,
    greatest(0, floor(extract(epoch FROM now() - m.refreshed_at)))::integer AS data_freshness_seconds
FROM public.mv_realtime_revenue AS m
WHERE m.tenant_id = {{ current_tenant() }};
COMMENT ON VIEW v_realtime_revenue IS 'RealtimeRevenueResponse of the current tenant (app.current_tenant_id). Contract: GET /api/attribution/revenue/realtime.';
COMMENT ON COLUMN v_realtime_revenue.tenant_id IS 'Tenant identifier. Contract mapping: tenant_id (string uuid).';
COMMENT ON COLUMN v_realtime_revenue.total_revenue IS 'Total revenue in dollars. Contract mapping: total_revenue (number) <- sum(revenue_cents) / 100.';
COMMENT ON COLUMN v_realtime_revenue.verified IS 'Whether the revenue has been verified. Contract mapping: verified (boolean).';
COMMENT ON COLUMN v_realtime_revenue.data_freshness_seconds IS 'Seconds since mv_realtime_revenue was refreshed, computed when read. Contract mapping: data_freshness_seconds (integer).';
{{ grant_privileges('v_realtime_revenue') }}

CREATE VIEW v_reconciliation_status WITH (security_barrier = true) AS
SELECT
    m.tenant_id,
    m.state,
    m.last_run_at,
    m.reconciliation_run_id
FROM public.mv_reconciliation_status AS m
WHERE m.tenant_id = {{ current_tenant() }};
COMMENT ON VIEW v_reconciliation_status IS 'ReconciliationStatusResponse of the current tenant (app.current_tenant_id). Contract: GET /api/reconciliation/status.';
COMMENT ON COLUMN v_reconciliation_status.tenant_id IS 'Tenant identifier. Contract mapping: tenant_id (string uuid).';
COMMENT ON COLUMN v_reconciliation_status.state IS 'Pipeline state. Contract mapping: state enum (idle|running|failed|completed).';
COMMENT ON COLUMN v_reconciliation_status.last_run_at IS 'Timestamp of the last run. Contract mapping: last_run_at (string date-time).';
COMMENT ON COLUMN v_reconciliation_status.reconciliation_run_id IS 'The run the status comes from (internal use).';
{{ grant_privileges('v_reconciliation_status') }}
