-- linted on its own: the model learns the materialized view from this file
CREATE MATERIALIZED VIEW reporting.mv_daily AS SELECT 1 AS n;
GRANT SELECT ON reporting.mv_daily TO app_ro; -- expect: SC403
GRANT SELECT ON reporting.mv_daily TO PUBLIC; -- expect: SC403
-- created outside these migrations, named as a materialized view
GRANT SELECT ON mv_realtime_revenue TO app_rw; -- expect: SC403
