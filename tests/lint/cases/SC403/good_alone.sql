-- reporting.daily_totals is not public.daily_totals
CREATE MATERIALIZED VIEW reporting.daily_totals AS SELECT 1 AS n;
GRANT SELECT ON daily_totals TO app_ro;
GRANT SELECT ON v_realtime_revenue TO app_rw;
REVOKE ALL ON mv_realtime_revenue FROM app_rw;
