-- the application roles as the grants matrix sets them
CREATE ROLE app_rw NOLOGIN;
ALTER ROLE app_rw WITH NOLOGIN NOBYPASSRLS NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION;
ALTER ROLE app_ro WITH NOLOGIN NOBYPASSRLS NOSUPERUSER;
CREATE ROLE app_admin NOLOGIN NOBYPASSRLS;

-- BYPASSRLS for roles that are not application roles
CREATE ROLE reporting_all NOLOGIN BYPASSRLS;
ALTER ROLE rls_definer WITH BYPASSRLS;

-- memberships in ordinary roles, and one that cannot SET ROLE
CREATE ROLE readers NOLOGIN;
GRANT readers TO app_ro;
GRANT app_ro TO app_rw;
GRANT rls_definer TO app_admin WITH SET FALSE;
ALTER GROUP rls_definer DROP USER app_rw;
REVOKE rls_definer FROM app_rw;

-- a privileged role's membership in an application role gives the application nothing
GRANT app_ro TO rls_definer;
