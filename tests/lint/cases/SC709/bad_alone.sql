-- linted on its own: orders was created outside these migrations (a baseline dump, an extension)
DROP TABLE legacy_orders; -- expect: SC709
DROP TABLE IF EXISTS legacy_lines, legacy_audit CASCADE; -- expect: SC709
ALTER TABLE orders DROP COLUMN legacy_status; -- expect: SC709
ALTER TABLE orders
    ADD COLUMN channel text,
    DROP COLUMN IF EXISTS legacy_code CASCADE; -- expect: SC709
ALTER TABLE orders DROP legacy_flag; -- expect: SC709
TRUNCATE orders; -- expect: SC709
TRUNCATE TABLE orders, customers CASCADE; -- expect: SC709
DROP VIEW v_orders CASCADE; -- expect: SC709
DROP FUNCTION order_total(uuid) CASCADE; -- expect: SC709
ALTER TABLE orders DROP CONSTRAINT ck_orders_note_length CASCADE; -- expect: SC709
-- On anything: a table of this same file too.
CREATE TABLE scratch (id uuid PRIMARY KEY DEFAULT gen_random_uuid());
DROP TABLE scratch; -- expect: SC709
