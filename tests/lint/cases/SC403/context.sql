CREATE TABLE revenue (tenant_id uuid NOT NULL, revenue_cents integer NOT NULL);
CREATE MATERIALIZED VIEW mv_revenue_by_tenant AS
SELECT tenant_id, sum(revenue_cents) AS revenue_cents FROM revenue GROUP BY tenant_id;
