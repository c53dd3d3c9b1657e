CREATE TABLE "OrderItems" ( -- expect: SC101
    id uuid DEFAULT gen_random_uuid(),
    UnitPrice bigint, -- expect: SC101
    "unit-count" integer, -- expect: SC101
    "2fa_code" text, -- expect: SC101
    CONSTRAINT "PK_OrderItems" PRIMARY KEY (id) -- expect: SC101
);
CREATE TABLE CUSTOMERS ( -- expect: SC101
    id uuid DEFAULT gen_random_uuid(),
    email text CONSTRAINT UqCustomersEmail UNIQUE -- expect: SC101
);
CREATE INDEX IdxCustomersEmail ON customers (email); -- expect: SC101
CREATE INDEX
    "idx customers id" -- expect: SC101
    ON customers (id);
ALTER TABLE customers ADD COLUMN "Phone" text; -- expect: SC101
ALTER TABLE customers ADD CONSTRAINT "CkCustomersEmail" CHECK (email <> ''); -- expect: SC101
ALTER TABLE customers RENAME COLUMN email TO EmailAddress; -- expect: SC101
ALTER TABLE customers RENAME TO "Clients"; -- expect: SC101
CREATE VIEW ActiveCustomers AS SELECT id AS "CustomerId" FROM customers; -- expect: SC101, SC101
CREATE MATERIALIZED VIEW customer_counts (TotalCount) AS SELECT count(*) FROM customers; -- expect: SC101
CREATE FUNCTION public.GetCustomerCount() RETURNS bigint LANGUAGE sql AS $$ SELECT 1::bigint $$; -- expect: SC101
CREATE TYPE "Mood" AS ENUM ('happy', 'sad'); -- expect: SC101
CREATE TYPE postal_addresses AS (StreetName text); -- expect: SC101
CREATE DOMAIN PositiveCents AS bigint CHECK (VALUE > 0); -- expect: SC101
CREATE SCHEMA "Billing"; -- expect: SC101
CREATE SEQUENCE "Ticket_Numbers"; -- expect: SC101
CREATE TRIGGER TrgCustomersAudit -- expect: SC101
    BEFORE UPDATE ON customers
    FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();
CREATE POLICY "Tenant Isolation" ON customers USING (true); -- expect: SC101
ALTER DOMAIN PositiveCents ADD CONSTRAINT "CkPositive" CHECK (VALUE < 100); -- expect: SC101
ALTER INDEX idx_customers_email RENAME TO IdxEmail; -- expect: SC101
CREATE FOREIGN TABLE remote_customers ("Id" uuid) SERVER remote; -- expect: SC101
