CREATE TABLE invoices (id uuid DEFAULT gen_random_uuid());
CREATE TABLE public.ledger_entries (id uuid DEFAULT gen_random_uuid());
CREATE TABLE postal_addresses (id uuid DEFAULT gen_random_uuid());
CREATE TABLE people (id uuid DEFAULT gen_random_uuid());
CREATE TABLE event_metadata (id uuid DEFAULT gen_random_uuid());
CREATE TABLE media (id uuid DEFAULT gen_random_uuid());
CREATE TABLE events_2024 (id uuid DEFAULT gen_random_uuid());
CREATE TABLE events (id uuid DEFAULT gen_random_uuid(), day date) PARTITION BY RANGE (day);
-- A partition is named after its parent: exempt.
CREATE TABLE events_default PARTITION OF events DEFAULT;
CREATE TABLE invoice_snapshots AS SELECT * FROM invoices;
ALTER TABLE invoices RENAME TO invoice_archives;
-- Views and materialized views are exempt, even when renamed with ALTER TABLE.
CREATE VIEW v_revenue_summary AS SELECT count(*) AS invoice_count FROM invoice_archives;
CREATE MATERIALIZED VIEW mv_realtime_revenue AS SELECT count(*) AS invoice_count FROM invoice_archives;
ALTER TABLE v_revenue_summary RENAME TO v_revenue_total;
ALTER VIEW v_revenue_total RENAME TO v_revenue_overview;
