CREATE MATERIALIZED VIEW mv_revenue_total AS SELECT sum(revenue_cents) AS revenue_cents FROM revenue;

GRANT SELECT ON mv_revenue_by_tenant TO app_ro; -- expect: SC403
GRANT SELECT ON TABLE public.mv_revenue_total TO app_rw, app_admin; -- expect: SC403
GRANT ALL ON revenue, mv_revenue_total TO app_admin; -- expect: SC403
GRANT SELECT ON ALL TABLES IN SCHEMA public TO app_ro; -- expect: SC403
