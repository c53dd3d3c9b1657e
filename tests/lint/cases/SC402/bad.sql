CREATE TABLE invoices (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), total_cents integer NOT NULL);
-- schemactl: append-only
CREATE TABLE audit_events (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), detail jsonb NOT NULL);

GRANT SELECT, INSERT, UPDATE ON audit_events TO app_rw; -- expect: SC402
GRANT DELETE ON ledger_events TO app_admin; -- expect: SC402
GRANT TRUNCATE ON TABLE public.ledger_events TO app_admin; -- expect: SC402
GRANT ALL ON audit_events TO app_rw; -- expect: SC402
GRANT ALL PRIVILEGES ON ledger_events TO app_rw; -- expect: SC402
GRANT UPDATE (detail) ON audit_events TO app_rw; -- expect: SC402
GRANT SELECT, UPDATE ON ledger_events, audit_events TO app_ro; -- expect: SC402 SC402
GRANT UPDATE ON ALL TABLES IN SCHEMA public TO app_rw; -- expect: SC402 SC402 SC402 SC402
GRANT UPDATE ON revenue_ledger TO app_rw; -- expect: SC402
GRANT UPDATE (amount_cents, is_verified) ON revenue_ledger TO app_rw; -- expect: SC402
GRANT DELETE ON TABLE attribution_events TO app_admin; -- expect: SC402
