-- schemactl: no-transaction
-- Tenant-scoped keys, step 3 of 3: the global unique index on revenue_ledger.allocation_id is replaced
-- by idx_revenue_ledger_tenant_allocation_id (0004). A global unique key told one tenant, through a
-- unique violation or a wait on an uncommitted row, that another tenant had posted an allocation id.
-- Dropped CONCURRENTLY (reads and writes go on); IF EXISTS makes a retry harmless.

DROP INDEX CONCURRENTLY IF EXISTS idx_revenue_ledger_allocation_id;
