CREATE EXTENSION IF NOT EXISTS "uuid-ossp"; -- expect: SC601
CREATE EXTENSION plpython3u; -- expect: SC601
CREATE EXTENSION postgres_fdw WITH SCHEMA public; -- expect: SC601
-- the allow-list is case-sensitive, as extension names are
CREATE EXTENSION "PGCRYPTO"; -- expect: SC601
