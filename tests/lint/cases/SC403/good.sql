CREATE MATERIALIZED VIEW mv_revenue_total AS SELECT sum(revenue_cents) AS revenue_cents FROM revenue;
CREATE VIEW v_revenue WITH (security_barrier = true) AS
SELECT m.tenant_id, m.revenue_cents FROM mv_revenue_by_tenant AS m
WHERE m.tenant_id = {{ current_tenant() }};

-- the filtering view and the table, not the materialized views
GRANT SELECT ON v_revenue TO app_ro, app_rw;
GRANT SELECT ON revenue TO app_ro;

-- the owner or a maintenance role, not an application role
GRANT SELECT ON mv_revenue_by_tenant, mv_revenue_total TO migration_owner;

-- taking privileges away
REVOKE ALL ON mv_revenue_by_tenant FROM app_ro;
REVOKE ALL ON mv_revenue_total FROM PUBLIC;
-- a view over the filtering view
CREATE VIEW v_big_revenue AS SELECT * FROM v_revenue WHERE revenue_cents > 100;
GRANT SELECT ON v_big_revenue TO app_ro;
