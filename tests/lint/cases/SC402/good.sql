CREATE TABLE invoices (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), total_cents integer NOT NULL);
-- schemactl: append-only
CREATE TABLE audit_events (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), detail jsonb NOT NULL);

-- reads and inserts on append-only tables
GRANT SELECT, INSERT ON audit_events, ledger_events TO app_rw;
GRANT SELECT ON ledger_events TO app_ro;

-- writes on an ordinary table
GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON invoices TO app_rw;
GRANT ALL ON invoices TO app_admin;
GRANT UPDATE ON ALL SEQUENCES IN SCHEMA public TO app_rw;

-- writes for a role that is not an application role (the owner's maintenance role)
GRANT UPDATE, DELETE ON ledger_events TO migration_owner;

-- taking privileges away
REVOKE UPDATE, DELETE, TRUNCATE ON ledger_events FROM app_rw;

-- the verification columns of the ledger (setting append_only_tables)
GRANT SELECT, INSERT, UPDATE (is_verified, verified_at, reconciliation_run_id) ON revenue_ledger TO app_rw;
-- granted, then revoked in the same file
GRANT DELETE ON attribution_events TO app_admin;
REVOKE DELETE ON attribution_events FROM app_admin;
