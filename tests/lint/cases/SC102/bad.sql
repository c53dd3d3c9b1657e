CREATE TABLE invoice (id uuid DEFAULT gen_random_uuid()); -- expect: SC102
CREATE TABLE public.revenue_ledger (id uuid DEFAULT gen_random_uuid()); -- expect: SC102
CREATE TABLE billing.postal_address (id uuid DEFAULT gen_random_uuid()); -- expect: SC102
CREATE UNLOGGED TABLE cache_entry_2024 (id uuid DEFAULT gen_random_uuid()); -- expect: SC102
CREATE TABLE
    person -- expect: SC102
    (id uuid DEFAULT gen_random_uuid());
CREATE TABLE invoice_snapshot AS SELECT * FROM invoice; -- expect: SC102
CREATE TABLE invoices (id uuid DEFAULT gen_random_uuid());
ALTER TABLE invoices RENAME TO invoice_archive; -- expect: SC102
