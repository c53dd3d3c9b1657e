CREATE EXTENSION IF NOT EXISTS pgcrypto;
CREATE EXTENSION citext WITH SCHEMA public;
CREATE EXTENSION IF NOT EXISTS "pg_trgm";
CREATE EXTENSION btree_gist;
CREATE EXTENSION pg_stat_statements;
-- dropping or updating is not creating
DROP EXTENSION IF EXISTS "uuid-ossp";
ALTER EXTENSION pgcrypto UPDATE;
