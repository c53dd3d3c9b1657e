GRANT UPDATE ON revenue_ledger TO app_rw; -- expect: SC402
GRANT DELETE ON attribution_events TO app_rw; -- expect: SC402
