-- Baseline: the schema starts empty of application objects.
-- Seed revision: 202511121302 (baseline, empty DDL)
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
