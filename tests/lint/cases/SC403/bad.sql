CREATE MATERIALIZED VIEW mv_revenue_total AS SELECT sum(revenue_cents) AS revenue_cents FROM revenue;

GRANT SELECT ON mv_revenue_by_tenant TO app_ro; -- expect: SC403
GRANT SELECT ON TABLE public.mv_revenue_total TO app_rw, app_admin; -- expect: SC403
GRANT ALL ON revenue, mv_revenue_total TO app_admin; -- expect: SC403
GRANT SELECT ON ALL TABLES IN SCHEMA public TO app_ro; -- expect: SC403 SC403
CREATE VIEW v_all_revenue AS SELECT * FROM mv_revenue_by_tenant;
GRANT SELECT ON v_all_revenue TO app_ro; -- expect: SC403
CREATE VIEW v_nested AS SELECT * FROM v_all_revenue WHERE revenue_cents > 0;
GRANT SELECT ON v_nested TO app_rw; -- expect: SC403
