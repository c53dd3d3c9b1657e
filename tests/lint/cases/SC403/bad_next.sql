-- the materialized views and views of the earlier migration
GRANT SELECT ON mv_revenue_by_tenant TO app_ro; -- expect: SC403
CREATE OR REPLACE VIEW v_revenue AS SELECT m.tenant_id, m.revenue_cents FROM mv_revenue_by_tenant AS m;
GRANT SELECT ON v_revenue TO app_admin; -- expect: SC403
