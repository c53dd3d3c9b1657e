-- reporting.mv_daily is not public.mv_daily
CREATE MATERIALIZED VIEW reporting.mv_daily AS SELECT 1 AS n;
GRANT SELECT ON mv_daily TO app_ro;
