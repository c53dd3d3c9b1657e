CREATE ROLE app_rw NOLOGIN BYPASSRLS; -- expect: SC405
CREATE USER app_ro WITH LOGIN SUPERUSER; -- expect: SC405
ALTER ROLE app_admin WITH NOLOGIN BYPASSRLS NOSUPERUSER; -- expect: SC405
ALTER ROLE App_Rw SUPERUSER; -- expect: SC405

-- memberships in roles that have BYPASSRLS or SUPERUSER (in an earlier file, or later in this one)
GRANT rls_definer TO app_admin; -- expect: SC405
GRANT ops_superuser TO app_ro WITH INHERIT FALSE; -- expect: SC405
GRANT reporting_all TO app_ro; -- expect: SC405
CREATE ROLE reporting_all NOLOGIN BYPASSRLS;
CREATE ROLE app_batch NOLOGIN;
CREATE ROLE maintenance NOLOGIN BYPASSRLS ROLE app_rw; -- expect: SC405
ALTER GROUP rls_definer ADD USER app_rw; -- expect: SC405
