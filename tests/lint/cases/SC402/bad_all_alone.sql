-- linted on its own: ALL TABLES IN SCHEMA public covers the configured append-only tables
GRANT ALL ON ALL TABLES IN SCHEMA public TO app_rw; -- expect: SC402 SC402
